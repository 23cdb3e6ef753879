"""Search indexes only readable text (a public vector for visitors and watchers); the video
password is stored encrypted."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Left

import pitchey.crypto


def _shown_synopsis():
    return Case(
        When(visibility_settings__show_short_synopsis=False, then=Value("")),
        default=F("short_synopsis"),
        output_field=models.TextField(),
    )


def _searchable(synopsis):
    search = django.contrib.postgres.search.SearchVector
    return (
        search("title", weight="A", config="english")
        + search("logline", weight="B", config="english")
        + search("genre", weight="B", config="english")
        + search(synopsis, weight="C", config="english")
    )


def encrypt_existing(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, video_password FROM pitches WHERE video_password <> ''")
        for pk, value in cursor.fetchall():
            if not value.startswith(pitchey.crypto.PREFIX):
                cursor.execute(
                    "UPDATE pitches SET video_password = %s WHERE id = %s",
                    [pitchey.crypto.encrypt(value), pk],
                )


def decrypt_existing(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, video_password FROM pitches WHERE video_password <> ''")
        for pk, value in cursor.fetchall():
            cursor.execute(
                "UPDATE pitches SET video_password = %s WHERE id = %s",
                [pitchey.crypto.decrypt(value), pk],
            )


class Migration(migrations.Migration):
    dependencies = [("pitches", "0003_verbose_names")]

    operations = [
        migrations.RemoveIndex(model_name="pitch", name="pitches_search_gin"),
        migrations.RemoveField(model_name="pitch", name="search_vector"),
        migrations.AddField(
            model_name="pitch",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=_searchable(_shown_synopsis()),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddField(
            model_name="pitch",
            name="search_vector_public",
            field=models.GeneratedField(
                db_persist=True,
                expression=_searchable(Left(_shown_synopsis(), 300)),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="pitch",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="pitches_search_gin"
            ),
        ),
        migrations.AddIndex(
            model_name="pitch",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector_public"], name="pitches_search_public_gin"
            ),
        ),
        migrations.AlterField(
            model_name="pitch",
            name="video_password",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
        migrations.AlterField(
            model_name="pitch",
            name="video_password",
            field=pitchey.crypto.EncryptedTextField(blank=True),
        ),
    ]
