"""The permission matrix, generated from the URL conf: every staff endpoint (a view gated by
`pitchey.staff.StaffPermission`) refuses anonymous callers (401, as the SPA expects for "logged
out"), every non-staff user type, staff roles without the endpoint's function and staff
without a second factor (403, nothing written), and lets the right role through."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from analytics.models import AuditLog, ContentReport
from billing.models import CreditEntry, PromoCode
from messaging.models import Notification
from pitchey.staff import StaffPermission, permission_for
from staff import roles
from staff.models import Flag
from tests.factories import UserFactory
from tests.staff.conftest import client_for, make_staff

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
NON_STAFF = ("creator", "investor", "production", "viewer")


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def staff_endpoints() -> list[tuple[str, str, str]]:
    """(method, path, permission) of every staff-gated view in the URL conf."""
    found = set()
    for route, callback in _walk(get_resolver().url_patterns):
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if view is None or StaffPermission not in getattr(view, "permission_classes", ()):
            continue
        path = "/" + re.sub(r"<(?:\w+:)?\w+>", "999999", route)
        for method in METHODS:
            if hasattr(view, method):
                found.add((method.upper(), path, permission_for(view, method) or ""))
    return sorted(found)


ENDPOINTS = staff_endpoints()


def test_the_matrix_covers_the_console():
    paths = {path for _, path, _ in ENDPOINTS}
    assert {"/api/admin/users", "/api/admin/flags", "/api/admin/dashboard"} <= paths
    assert "/api/admin/promo-codes" in paths  # billing's staff endpoints are gated too
    assert len(ENDPOINTS) >= 20
    assert all(permission.startswith("staff.") for _, _, permission in ENDPOINTS)


def _written() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (AuditLog, Flag, ContentReport, CreditEntry, PromoCode, Notification)
    )


def _call(client: Any, method: str, path: str) -> Any:
    return getattr(client, method.lower())(path, {}, format="json")


def _role_with(permission: str) -> str:
    codename = permission.split(".", 1)[1]
    return next(role for role in roles.ROLES if codename in roles.ROLE_FUNCTIONS[role])


@pytest.mark.parametrize(("method", "path", "permission"), ENDPOINTS)
def test_staff_endpoint_refuses_everyone_without_the_function(method, path, permission):
    codename = permission.split(".", 1)[1]
    refused: list[tuple[str, User | None]] = [("anonymous", None)]
    refused += [(kind, UserFactory(user_type=kind)) for kind in NON_STAFF]
    refused += [
        (role, make_staff(role))
        for role in roles.ROLES
        if codename not in roles.ROLE_FUNCTIONS[role]
    ]
    refused.append(("staff without a role", make_staff(None)))
    refused.append(("right role, no second factor", make_staff(_role_with(permission), mfa=False)))
    before = _written()
    for who, user in refused:
        response = _call(client_for(user), method, path)
        expected = 401 if user is None else 403
        assert response.status_code == expected, (who, method, path, response.content[:200])
        assert response.json()["success"] is False
    assert _written() == before


@pytest.mark.parametrize(("method", "path", "permission"), ENDPOINTS)
def test_staff_endpoint_lets_the_right_role_through(method, path, permission):
    for role in {_role_with(permission), roles.ADMIN}:
        response = _call(client_for(make_staff(role)), method, path)
        assert response.status_code not in (401, 403), (role, method, path, response.content)
        assert response.status_code < 500
