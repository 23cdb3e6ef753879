"""A creator's own NDA templates: create, edit, delete; one default per creator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from ndas.models import CreatorNdaTemplate
from ndas.services.common import _audit
from pitchey.errors import Conflict, NotAllowed, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

TEMPLATE_AUTHORS = frozenset({"creator", "production"})
EDITABLE = ("name", "description", "content", "is_default")


def _ensure_author(user: User) -> None:
    if user.user_type not in TEMPLATE_AUTHORS and not user.is_staff:
        raise NotAllowed("Only creators and production companies keep NDA templates.")


def _save(template: CreatorNdaTemplate, fields: list[str] | None = None) -> None:
    if template.is_default:
        # One default per author: the newest choice wins; the row lock orders racing writers.
        CreatorNdaTemplate.objects.select_for_update().filter(
            owner_id=template.owner_id, is_default=True
        ).exclude(pk=template.pk).update(is_default=False)
    try:
        with transaction.atomic():
            template.save(update_fields=[*fields, "updated_at"] if fields else None)
    except IntegrityError:
        raise Conflict(
            "You already have a template with this name.", details={"name": ["Already used."]}
        ) from None


@transaction.atomic
def create_template(*, owner: User, fields: dict[str, Any]) -> CreatorNdaTemplate:
    """A new template for `owner` (creators and production companies only)."""
    _ensure_author(owner)
    template = CreatorNdaTemplate(owner=owner, **{k: fields[k] for k in EDITABLE if k in fields})
    _save(template)
    _audit(template, "template.created", owner, None, name=template.name)
    return template


@transaction.atomic
def update_template(
    *, template: CreatorNdaTemplate, actor: User, fields: dict[str, Any]
) -> CreatorNdaTemplate:
    """Change the given fields of the actor's own template."""
    if template.owner_id != actor.pk:
        raise NotFoundError("No such template.")
    locked = CreatorNdaTemplate.objects.select_for_update().get(pk=template.pk)
    changed = [k for k in EDITABLE if k in fields]
    for key in changed:
        setattr(locked, key, fields[key])
    if changed:
        _save(locked, changed)
        _audit(locked, "template.updated", actor, None, fields=changed)
    return locked


@transaction.atomic
def delete_template(*, template: CreatorNdaTemplate, actor: User) -> None:
    """Delete the actor's own template (requests already signed keep their exact text)."""
    if template.owner_id != actor.pk:
        raise NotFoundError("No such template.")
    _audit(template, "template.deleted", actor, None, name=template.name)
    template.delete()
