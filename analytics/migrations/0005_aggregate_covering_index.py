"""The entity index of the aggregates covers metric and value, so dashboards read them with
index-only scans. Built and dropped concurrently: the table stays writable."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("analytics", "0004_one_open_report_per_reporter")]

    operations = [
        AddIndexConcurrently(
            model_name="aggregate",
            index=models.Index(
                fields=["entity_type", "entity_id", "period", "period_start"],
                include=["metric_type", "value"],
                name="analytics_aggr_entity_cover",
            ),
        ),
        RemoveIndexConcurrently(model_name="aggregate", name="analytics_aggr_entity_idx"),
    ]
