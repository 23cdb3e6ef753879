"""Every state change of curation: slates and their pitches, share links and their views, saved
comparisons. Only the owner changes what they own; each change writes the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from analytics.services import record_activity
from curation.models import SavedComparison, ShareLink, Slate, SlatePitch
from pitches.models import Pitch
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

SLATE_FIELDS = frozenset({"title", "description", "cover_image", "status"})
MAX_LINK_DAYS = 365


def _own(obj: Slate | ShareLink | SavedComparison, actor: User, what: str) -> None:
    if obj.owner_id != actor.pk:
        raise NotAllowed(f"Only its owner can change this {what}.")


def _touch(slate: Slate) -> None:
    Slate.objects.filter(pk=slate.pk).update(updated_at=timezone.now())


# --- slates ---------------------------------------------------------------------------------------


@transaction.atomic
def create_slate(*, owner: User, fields: dict[str, Any]) -> Slate:
    """A new slate of the owner's, a draft unless `status` says published."""
    unknown = set(fields) - SLATE_FIELDS
    if unknown:
        raise DomainError(
            "Unknown fields.",
            code="VALIDATION_ERROR",
            details={name: ["Not a slate field."] for name in unknown},
        )
    slate = Slate.objects.create(owner=owner, **fields)
    record_activity(slate, "curation.slate.created", actor=owner)
    return slate


@transaction.atomic
def update_slate(*, slate: Slate, actor: User, fields: dict[str, Any]) -> Slate:
    """Edit the owner's slate (title, description, cover, draft or published)."""
    _own(slate, actor, "slate")
    slate = Slate.objects.select_for_update().get(pk=slate.pk)
    for name, value in fields.items():
        if name not in SLATE_FIELDS:
            raise DomainError("Unknown field.", code="VALIDATION_ERROR", details={name: ["?"]})
        setattr(slate, name, value)
    slate.updated_at = timezone.now()
    slate.save(update_fields=[*fields, "updated_at"])
    record_activity(slate, "curation.slate.updated", actor=actor, data={"fields": sorted(fields)})
    return slate


@transaction.atomic
def delete_slate(*, slate: Slate, actor: User) -> None:
    """Delete the owner's slate with its entries and share links."""
    _own(slate, actor, "slate")
    record_activity(slate, "curation.slate.deleted", actor=actor)
    slate.delete()


@transaction.atomic
def add_pitch_to_slate(*, slate: Slate, actor: User, pitch: Pitch) -> SlatePitch:
    """Append one of the owner's own pitches to the slate (once)."""
    _own(slate, actor, "slate")
    if pitch.owner_id != actor.pk:
        raise NotAllowed("A slate holds your own pitches.")
    slate = Slate.objects.select_for_update().get(pk=slate.pk)
    last = slate.entries.aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            entry = SlatePitch.objects.create(
                slate=slate, pitch=pitch, position=0 if last is None else last + 1
            )
    except IntegrityError:
        raise Conflict("That pitch is already in the slate.") from None
    _touch(slate)
    record_activity(slate, "curation.slate.pitch_added", actor=actor, data={"pitch": pitch.pk})
    return entry


@transaction.atomic
def remove_pitch_from_slate(*, slate: Slate, actor: User, pitch_id: int) -> None:
    """Take a pitch out of the owner's slate; a pitch that is not in it is a 404."""
    _own(slate, actor, "slate")
    deleted, _ = SlatePitch.objects.filter(slate=slate, pitch_id=pitch_id).delete()
    if not deleted:
        raise NotFoundError("That pitch is not in the slate.")
    _touch(slate)
    record_activity(slate, "curation.slate.pitch_removed", actor=actor, data={"pitch": pitch_id})


@transaction.atomic
def reorder_slate(*, slate: Slate, actor: User, pitch_ids: Sequence[int]) -> list[SlatePitch]:
    """Put the listed pitches first, in that order; the rest keep theirs after them."""
    _own(slate, actor, "slate")
    slate = Slate.objects.select_for_update().get(pk=slate.pk)
    entries = {e.pitch_id: e for e in slate.entries.select_for_update()}
    strangers = [pk for pk in pitch_ids if pk not in entries]
    if strangers or len(set(pitch_ids)) != len(pitch_ids):
        raise DomainError(
            "List each pitch of the slate at most once.",
            code="VALIDATION_ERROR",
            details={"pitch_ids": [f"Not in the slate: {strangers}" if strangers else "Repeated."]},
        )
    rest = [
        e for e in sorted(entries.values(), key=lambda e: e.position) if e.pitch_id not in pitch_ids
    ]
    ordered = [entries[pk] for pk in pitch_ids] + rest
    for position, entry in enumerate(ordered):
        entry.position = position
    SlatePitch.objects.bulk_update(ordered, ["position"])
    _touch(slate)
    return ordered


# --- share links ----------------------------------------------------------------------------------


def _expiry(expires_in_days: int | None) -> datetime | None:
    if expires_in_days is None:
        return None
    if not 1 <= expires_in_days <= MAX_LINK_DAYS:
        raise DomainError(
            f"A link expires in 1 to {MAX_LINK_DAYS} days.",
            code="VALIDATION_ERROR",
            details={"expires_in_days": [f"1-{MAX_LINK_DAYS}"]},
        )
    return timezone.now() + timedelta(days=expires_in_days)


@transaction.atomic
def create_share_link(
    *, owner: User, slate: Slate | None = None, label: str = "", expires_in_days: int | None = None
) -> ShareLink:
    """A new link to the owner's portfolio, or to one of their slates."""
    if slate is not None:
        _own(slate, owner, "slate")
    link = ShareLink.objects.create(
        owner=owner,
        kind=ShareLink.Kind.SLATE if slate is not None else ShareLink.Kind.PORTFOLIO,
        slate=slate,
        label=label.strip()[:100],
        expires_at=_expiry(expires_in_days),
    )
    record_activity(link, "curation.share_link.created", actor=owner)
    return link


@transaction.atomic
def revoke_share_link(*, link: ShareLink, actor: User) -> ShareLink:
    """Stop a link from opening (idempotent)."""
    _own(link, actor, "link")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        record_activity(link, "curation.share_link.revoked", actor=actor)
    return link


def open_share_link(*, token: str, kind: str) -> ShareLink:
    """The live link with this token, its view counted; a revoked, expired or unknown token is
    the same 404."""
    link = ShareLink.objects.live().filter(token=token, kind=kind).select_related("owner", "slate")
    found = link.first()
    if found is None:
        raise NotFoundError("This link does not exist or no longer works.")
    ShareLink.objects.filter(pk=found.pk).update(
        view_count=F("view_count") + 1, last_viewed_at=timezone.now()
    )
    return found


# --- comparisons ----------------------------------------------------------------------------------


@transaction.atomic
def save_comparison(
    *, owner: User, title: str, kind: str, subject_ids: Sequence[int]
) -> SavedComparison:
    """Keep a comparison of 2 to 4 subjects; it can be shared by its token."""
    ids = list(dict.fromkeys(int(pk) for pk in subject_ids))
    if not 2 <= len(ids) <= SavedComparison.MAX_SUBJECTS:
        raise DomainError(
            "Compare 2 to 4 different subjects.",
            code="VALIDATION_ERROR",
            details={"ids": ["2 to 4 distinct ids."]},
        )
    comparison = SavedComparison.objects.create(
        owner=owner, title=title.strip()[:150] or "Comparison", kind=kind, subject_ids=ids
    )
    record_activity(comparison, "curation.comparison.saved", actor=owner)
    return comparison


@transaction.atomic
def delete_comparison(*, comparison: SavedComparison, actor: User) -> None:
    """Delete a saved comparison; its share link stops working."""
    _own(comparison, actor, "comparison")
    record_activity(comparison, "curation.comparison.deleted", actor=actor)
    comparison.delete()


@transaction.atomic
def erase_person(*, user: User) -> dict[str, int]:
    """GDPR erasure: the person's slates (with their pitch lists), share links and saved
    comparisons are theirs alone, so they go (their links stop opening)."""
    links = ShareLink.objects.filter(owner=user).delete()[0]
    slates = Slate.objects.filter(owner=user).delete()[0]
    comparisons = SavedComparison.objects.filter(owner=user).delete()[0]
    return {"slates": slates, "share_links": links, "comparisons": comparisons}
