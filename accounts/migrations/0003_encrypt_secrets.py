"""TOTP secrets are stored encrypted with FIELD_ENCRYPTION_KEY; existing rows are encrypted."""

from django.db import connection, migrations, models

import pitchey.crypto

COLUMNS = ("secret", "pending_secret")


def _rewrite(schema_editor, convert, *, only_plain: bool) -> None:
    conn = schema_editor.connection if schema_editor is not None else connection
    with conn.cursor() as cursor:
        for column in COLUMNS:
            cursor.execute(f"SELECT id, {column} FROM user_mfa WHERE {column} <> ''")  # noqa: S608
            for pk, value in cursor.fetchall():
                if only_plain and value.startswith(pitchey.crypto.PREFIX):
                    continue
                cursor.execute(
                    f"UPDATE user_mfa SET {column} = %s WHERE id = %s",  # noqa: S608
                    [convert(value), pk],
                )


def encrypt_existing(apps, schema_editor):
    _rewrite(schema_editor, pitchey.crypto.encrypt, only_plain=True)


def decrypt_existing(apps, schema_editor):
    _rewrite(schema_editor, pitchey.crypto.decrypt, only_plain=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_sessions_mfa_social")]

    operations = [
        migrations.AlterField(
            model_name="mfasettings", name="secret", field=models.TextField(blank=True)
        ),
        migrations.AlterField(
            model_name="mfasettings", name="pending_secret", field=models.TextField(blank=True)
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
        migrations.AlterField(
            model_name="mfasettings",
            name="secret",
            field=pitchey.crypto.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="mfasettings",
            name="pending_secret",
            field=pitchey.crypto.EncryptedTextField(blank=True),
        ),
    ]
