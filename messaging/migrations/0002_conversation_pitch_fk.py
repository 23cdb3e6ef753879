"""`Conversation.pitch_id` (a plain integer) becomes a foreign key to pitches.Pitch.

The column keeps its name; ids of pitches that no longer exist are cleared first so the
constraint can be added.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("pitches", "0002_pitch_follows"),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE conversations SET pitch_id = NULL WHERE pitch_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM pitches WHERE pitches.id = conversations.pitch_id)",
            migrations.RunSQL.noop,
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="conversation", name="pitch_id"),
                migrations.AddField(
                    model_name="conversation",
                    name="pitch",
                    field=models.BigIntegerField(
                        blank=True, db_column="pitch_id", db_index=True, null=True
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="conversation",
            name="pitch",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="conversations",
                to="pitches.pitch",
            ),
        ),
    ]
