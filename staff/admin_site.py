"""The admin site follows the staff rules: a staff account with a second factor, logged in
through the site's own login (which asks for that factor); its pages then check each model's
permissions, which the staff roles grant (`staff.roles`). A destructive request (a delete page,
a destructive action, revoking credits) also needs a login within the re-authentication
window: otherwise it is sent to log in again, which re-authenticates."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.apps import AppConfig
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from pitchey.staff import is_staff_member, mfa_satisfied
from staff import reauth

# Admin actions that take something away from someone.
DESTRUCTIVE_ACTIONS = frozenset(
    {
        "delete_selected",
        "deactivate",
        "lock",
        "end_sessions",
        "remove",
        "withdraw",
        "cancel",
        "refund",
    }
)


def is_destructive(request: HttpRequest) -> bool:
    if request.method != "POST":
        return False
    if request.path.endswith("/delete/"):
        return True
    if request.POST.get("action") in DESTRUCTIVE_ACTIONS:
        return True
    return request.path.endswith("/adjust/") and request.POST.get("direction") == "revoke"


def has_permission(request: HttpRequest) -> bool:
    if not (is_staff_member(request.user) and mfa_satisfied(request.user)):
        return False
    return not is_destructive(request) or reauth.recently_authenticated(request)


def login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin's password-only form would skip the second factor: use the site's login."""
    target = request.GET.get("next") or "/admin/"
    if not target.startswith("/") or target.startswith("//"):
        target = "/admin/"
    return HttpResponseRedirect(f"/login/?{urlencode({'next': target})}")


def guard(app: AppConfig) -> None:
    admin.site.has_permission = has_permission  # type: ignore[method-assign]
    admin.site.login = login  # type: ignore[method-assign]
