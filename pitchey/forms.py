"""How a page shows a service's refusal (`DomainError`): on the form it came from, or as a flash
message when there is no form to hold it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from pitchey.errors import DomainError


def show_on_form(form: forms.BaseForm, exc: DomainError, *, field: str | None = None) -> None:
    """The refusal's field errors on the form's fields of the same name; otherwise its message on
    `field` (above the form when None)."""
    placed = False
    for name, errors in (exc.details or {}).items():
        if name in form.fields and isinstance(errors, list):
            for error in errors:
                form.add_error(name, str(error))
            placed = True
    if not placed:
        form.add_error(field, exc.message)


def show_as_message(request: HttpRequest, exc: DomainError) -> None:
    """The refusal as flash messages: its message, then one line per field it names."""
    messages.error(request, exc.message)
    for name, errors in (exc.details or {}).items():
        if isinstance(errors, list):
            messages.error(request, f"{name.replace('_', ' ').capitalize()}: {' '.join(errors)}")
