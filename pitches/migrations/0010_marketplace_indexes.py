"""An index for every filter and sort the marketplace offers (published pitches only); the
trending index also covers the tie-break on publication date. Built and dropped concurrently:
the table stays writable."""

import django.db.models.expressions
import django.db.models.functions.text
from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("pitches", "0009_info_requests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-trending_score", "-published_at", "-id"],
                name="pitches_trending_pub_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                django.db.models.functions.text.Upper("genre"),
                models.OrderBy(models.F("published_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="pitches_mkt_genre_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                django.db.models.functions.text.Upper("format"),
                condition=models.Q(("status", "published")),
                name="pitches_mkt_format_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                django.db.models.functions.text.Upper("format_category"),
                condition=models.Q(("status", "published")),
                name="pitches_mkt_format_cat_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["budget_bracket"],
                name="pitches_mkt_budget_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["development_stage"],
                name="pitches_mkt_stage_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["seeking_investment", "-published_at", "-id"],
                name="pitches_mkt_seeking_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["title", "id"],
                name="pitches_mkt_title_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-view_count", "-id"],
                name="pitches_mkt_views_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-like_count", "-id"],
                name="pitches_mkt_likes_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-rating_average", "-rating_count", "-id"],
                name="pitches_mkt_rating_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                models.OrderBy(
                    django.db.models.expressions.CombinedExpression(
                        models.F("view_count"),
                        "+",
                        django.db.models.expressions.CombinedExpression(
                            models.Value(3), "*", models.F("like_count")
                        ),
                    ),
                    descending=True,
                ),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="pitches_mkt_popular_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="pitch",
            index=models.Index(
                models.OrderBy(
                    models.Case(
                        models.When(
                            then=models.F("estimated_budget_usd"),
                            visibility_settings__show_budget=True,
                        ),
                        default=None,
                    ),
                    descending=True,
                    nulls_last=True,
                ),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="pitches_mkt_public_budget_idx",
            ),
        ),
        RemoveIndexConcurrently(model_name="pitch", name="pitches_trending_idx"),
    ]
