"""The one way an admin action changes rows (call the service once per selected row), and the
admin of rows only services write."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib import admin, messages
from django.http import HttpRequest

from pitchey.errors import DomainError

Row = TypeVar("Row")


def run_each(
    request: HttpRequest, rows: Iterable[Row], action: Callable[[Row], Any], *, done: str
) -> int:
    """Run `action` on each row; a row the service refuses is reported and the rest go on.
    `done` is the summary, with `{count}` for how many succeeded."""
    count = 0
    for row in rows:
        try:
            action(row)
        except DomainError as exc:
            messages.warning(request, f"{getattr(row, 'pk', row)}: {exc.message}")
        else:
            count += 1
    messages.success(request, done.format(count=count))
    return count


def service_action(
    name: str, description: str, call: Callable[[HttpRequest, Any], Any], *, done: str
) -> Callable[[Any, HttpRequest, Any], None]:
    """An admin action (for `ModelAdmin.actions`) that runs `call(request, row)`, a one-line call
    of a service, on each selected row through `run_each`."""

    def action(model_admin: Any, request: HttpRequest, queryset: Any) -> None:
        run_each(request, queryset, lambda row: call(request, row), done=done)

    action.__name__ = name
    action.short_description = description  # type: ignore[attr-defined]
    return action


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only services write: staff see and filter them, and nobody adds, changes or deletes
    one by hand (an action may still call a service)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
