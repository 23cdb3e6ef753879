"""The one gate of every staff function (staff API, admin site, commands).

A staff function needs an active staff account that holds the function's permission (through
its role group, see `staff.roles`) and has a second factor enabled (`STAFF_REQUIRE_MFA`).
Permissions are named by their dotted codename (`staff.moderate_content`), so apps below the
staff console gate their staff endpoints here without importing it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

MFA_REQUIRED = "MFA_REQUIRED"


def mfa_satisfied(user: Any) -> bool:
    """True when the account has a second factor, or the deployment does not ask for one."""
    return bool(getattr(user, "two_factor_enabled", False)) or not settings.STAFF_REQUIRE_MFA


def is_staff_member(user: Any) -> bool:
    """An active staff account (any role), whether or not its second factor is set up."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def staff_refusal(user: Any, permission: str | None) -> str | None:
    """Why `user` may not use a staff function needing `permission` (None: allowed).

    "anonymous", "forbidden" (not staff, or lacking the permission) or "mfa" (a staff member
    with the permission who has no second factor yet)."""
    if not (user and user.is_authenticated):
        return "anonymous"
    if not is_staff_member(user) or (permission and not user.has_perm(permission)):
        return "forbidden"
    if not mfa_satisfied(user):
        return "mfa"
    return None


def permission_for(view: Any, method: str) -> str | None:
    """The permission a staff view asks of `method`: `staff_permission` is one codename, or a
    dict by HTTP method (`"*"` for the rest)."""
    wanted = getattr(view, "staff_permission", None)
    if isinstance(wanted, dict):
        return wanted.get(method.upper(), wanted.get("*"))
    return wanted


class MfaRequired(exceptions.PermissionDenied):
    default_detail = "Staff functions need two-factor authentication: enable it in Settings."
    default_code = MFA_REQUIRED


class StaffPermission(BasePermission):
    """DRF gate: 401 for anonymous callers, 403 for everyone without the view's permission."""

    message = "Your staff role does not include this function."

    def has_permission(self, request: Request, view: Any) -> bool:
        refusal = staff_refusal(request.user, permission_for(view, request.method or "GET"))
        if refusal == "anonymous":
            raise exceptions.NotAuthenticated()
        if refusal == "mfa":
            raise MfaRequired()
        return refusal is None
