"""Role groups: created and kept in step with `staff.roles` after every migrate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from analytics import record_activity
from pitchey.errors import DomainError
from staff import roles

if TYPE_CHECKING:
    from accounts.models import User


def _permissions(dotted: tuple[str, ...]) -> list[Permission]:
    wanted = Q(pk__in=[])
    for name in dotted:
        app_label, codename = name.split(".", 1)
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(wanted))


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create the role groups and set each one's permissions exactly (idempotent)."""
    counts = {}
    for role in roles.ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        if role == roles.ADMIN:
            granted = list(Permission.objects.all())
        else:
            dotted = tuple(roles.function_permission(f) for f in roles.ROLE_FUNCTIONS[role])
            granted = _permissions(dotted + roles.ROLE_MODEL_PERMISSIONS[role])
        group.permissions.set(granted)
        counts[role] = len(granted)
    return counts


@transaction.atomic
def set_staff_roles(*, user: User, role_names: list[str], actor: User | None) -> User:
    """Make `user` staff with exactly these roles (none: no longer staff)."""
    unknown = sorted(set(role_names) - set(roles.ROLES))
    if unknown:
        raise DomainError(
            "Unknown staff role.",
            code="VALIDATION_ERROR",
            details={"roles": [f"Choose from {', '.join(roles.ROLES)}."]},
        )
    before = sorted(user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True))
    user.groups.remove(*Group.objects.filter(name__in=roles.ROLES))
    user.groups.add(*Group.objects.filter(name__in=role_names))
    user.is_staff = bool(role_names) or user.is_superuser
    user.save(update_fields=["is_staff", "updated_at"])
    record_activity(
        user,
        "staff.roles.set",
        actor=actor,
        data={"roles": {"from": before, "to": sorted(role_names)}},
    )
    return user
