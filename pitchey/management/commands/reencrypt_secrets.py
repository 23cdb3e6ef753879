"""Re-encrypt every encrypted field under the current FIELD_ENCRYPTION_KEY (after a rotation)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from pitchey import crypto


class Command(BaseCommand):
    help = (
        "Rewrite every non-empty encrypted field (TOTP secrets, video passwords...) under the "
        "current FIELD_ENCRYPTION_KEY, so FIELD_ENCRYPTION_KEY_PREVIOUS can be removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, crypto.EncryptedTextField) and field.column:
                    total += self._rotate(model, field.column, dry_run=dry_run)
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        self.stdout.write(f"{total} values {verb}.")

    @staticmethod
    def _rotate(model: Any, column: str, *, dry_run: bool) -> int:
        table, pk = model._meta.db_table, model._meta.pk.column
        qn = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} "  # noqa: S608 - names from models
                f"WHERE {qn(column)} <> '' FOR UPDATE"
            )
            rows = cursor.fetchall()
            if not dry_run:
                for key, stored in rows:
                    cursor.execute(
                        f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s",  # noqa: S608
                        [crypto.rotate(stored), key],
                    )
        return len(rows)
