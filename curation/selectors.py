"""Reads of curation. Whatever leaves through a share link, a public slate, a public portfolio or
a comparison is the public part of each pitch: the anonymous view of the protection rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.http import Http404

from accounts.models import User
from curation.models import SavedComparison, ShareLink, Slate, SlatePitch
from pitches.api.serializers import PitchCardSerializer
from pitches.engagement.reputation import tiers_of
from pitches.models import Pitch

if TYPE_CHECKING:
    from collections.abc import Iterable


def public_cards(pitches: Iterable[Pitch]) -> list[dict[str, Any]]:
    """Cards as a logged-out visitor sees them, whoever is asking: shared pages never carry
    what an NDA protects, even to someone who holds one."""
    context: dict[str, Any] = {"request": None, "confidential_ids": set()}
    return [
        dict(card) for card in PitchCardSerializer(list(pitches), many=True, context=context).data
    ]


def public_pitches(pitches: Iterable[Pitch]) -> list[dict[str, Any]]:
    """Public cards with the names the original's shared pages read (`cover_image`)."""
    return [
        {**card, "cover_image": card.get("title_image") or ""} for card in public_cards(pitches)
    ]


# --- slates ---------------------------------------------------------------------------------------


def my_slates(user: User, *, status: str = "") -> QuerySet[Slate]:
    rows = Slate.objects.owned_by(user).with_pitch_count().order_by("-updated_at", "-id")
    return rows.filter(status=status) if status else rows


def owned_slate_or_404(user: User | AnonymousUser, slate_id: int) -> Slate:
    """The user's own slate; someone else's is the same 404 as a missing one."""
    slate = Slate.objects.owned_by(user).filter(pk=slate_id).first()
    if slate is None:
        raise Http404
    return slate


def published_slate_or_404(slate_id: int) -> Slate:
    slate = Slate.objects.published().select_related("owner").filter(pk=slate_id).first()
    if slate is None:
        raise Http404
    return slate


def slate_entries(slate: Slate, *, published_only: bool = False) -> list[SlatePitch]:
    """The slate's pitches in order, each with its pitch and owner (one query)."""
    rows = slate.entries.select_related("pitch__owner").order_by("position", "added_at", "id")
    if published_only:
        rows = rows.filter(pitch__status=Pitch.Status.PUBLISHED)
    return list(rows)


def public_slate(slate: Slate) -> dict[str, Any]:
    """A slate as anyone may see it: the owner's public name and the public part of its
    published pitches (two queries)."""
    entries = slate_entries(slate, published_only=True)
    cards = public_pitches(entry.pitch for entry in entries)
    for card, entry in zip(cards, entries, strict=True):
        card["position"] = entry.position
    times = [slate.updated_at, *(entry.pitch.updated_at for entry in entries)]
    owner = slate.owner
    return {
        "id": slate.pk,
        "title": slate.title,
        "description": slate.description,
        "cover_image": slate.cover_image,
        "status": slate.status,
        "created_at": slate.created_at,
        "updated_at": slate.updated_at,
        "creator": {
            "id": owner.pk,
            "name": owner.display_name,
            "username": owner.username,
            "avatar_url": owner.profile_image_url or owner.avatar_url or None,
        },
        "pitches": cards,
        "pitch_count": len(cards),
        "og_version": int(max(times).timestamp()),
        "og_image": f"/og/pitch/{entries[0].pitch_id}.png" if entries else "",
    }


# --- share links and portfolios -------------------------------------------------------------------


def my_links(user: User, *, kind: str, slate: Slate | None = None) -> QuerySet[ShareLink]:
    rows = ShareLink.objects.owned_by(user).filter(kind=kind)
    return rows.filter(slate=slate) if slate is not None else rows


def owned_link_or_404(user: User | AnonymousUser, link_id: int) -> ShareLink:
    """One of the user's share links (portfolio or slate); anyone else's is a 404."""
    link = ShareLink.objects.owned_by(user).filter(pk=link_id).first()
    if link is None:
        raise Http404
    return link


def creator_profile(user: User) -> dict[str, Any]:
    """A creator's public card with the figures of their published pitches and their trust tier
    (two queries)."""
    totals = (
        Pitch.objects.published()
        .filter(owner=user)
        .aggregate(
            pitches=Count("pk"),
            views=Sum("view_count"),
            likes=Sum("like_count"),
            score=Avg("rating_average", filter=Q(rating_count__gt=0)),
        )
    )
    tier = tiers_of([user.pk])[user.pk]
    return {
        "id": user.pk,
        "name": user.display_name,
        "username": user.username,
        "bio": user.bio,
        "location": user.location,
        "avatar_url": user.profile_image_url or user.avatar_url or None,
        "user_type": user.user_type,
        "trust_tier": tier,
        "is_verified": tier != "grey",
        "created_at": user.created_at,
        "stats": {
            "total_pitches": totals["pitches"],
            "total_views": totals["views"] or 0,
            "total_likes": totals["likes"] or 0,
            "total_followers": user.follower_links.count(),
            "avg_rating": round(float(totals["score"] or 0), 2),
        },
    }


def portfolio_pitches(user: User, *, owner_view: bool) -> list[Pitch]:
    """The creator's pitches: all of them for the owner, the published ones for anyone else."""
    rows = (
        Pitch.objects.owned_by(user) if owner_view else Pitch.objects.published().filter(owner=user)
    )
    return list(rows.select_related("owner").order_by("-published_at", "-updated_at", "-id"))


def public_creator_or_404(viewer: User | AnonymousUser, user_id: int) -> User:
    creator = User.objects.visible_to(viewer).filter(pk=user_id).first()
    if creator is None:
        raise Http404
    return creator


# --- comparisons ----------------------------------------------------------------------------------


def my_comparisons(user: User) -> QuerySet[SavedComparison]:
    return SavedComparison.objects.owned_by(user)


def owned_comparison_or_404(user: User | AnonymousUser, comparison_id: int) -> SavedComparison:
    comparison = SavedComparison.objects.owned_by(user).filter(pk=comparison_id).first()
    if comparison is None:
        raise Http404
    return comparison


def shared_comparison_or_404(token: str) -> SavedComparison:
    comparison = SavedComparison.objects.filter(share_token=token, owner__is_active=True).first()
    if comparison is None:
        raise Http404
    return comparison


def search_creators(viewer: User | AnonymousUser, q: str) -> list[dict[str, Any]]:
    """Creators and production companies the viewer may see whose names match `q` (one query)."""
    words = q.strip()[:100]
    if not words:
        return []
    match = (
        Q(username__icontains=words)
        | Q(first_name__icontains=words)
        | Q(last_name__icontains=words)
        | Q(company_name__icontains=words)
    )
    rows = (
        User.objects.visible_to(viewer)
        .filter(match, user_type__in=[User.Type.CREATOR, User.Type.PRODUCTION])
        .order_by("username")[:10]
    )
    return [
        {
            "id": u.pk,
            "name": u.display_name,
            "username": u.username,
            "user_type": u.user_type,
            "avatar": u.profile_image_url or u.avatar_url or None,
        }
        for u in rows
    ]


def search_slates(viewer: User | AnonymousUser, q: str) -> list[dict[str, Any]]:
    """Published slates (and the viewer's own) whose titles match `q` (one query)."""
    rows = Slate.objects.published()
    if viewer.is_authenticated:
        rows = Slate.objects.filter(Q(pk__in=rows) | Q(owner=viewer))
    if q.strip():
        rows = rows.filter(title__icontains=q.strip()[:100])
    rows = rows.select_related("owner").with_pitch_count().order_by("title", "id")[:10]
    return [
        {
            "id": s.pk,
            "title": s.title,
            "creator_name": s.owner.display_name,
            "pitch_count": getattr(s, "pitch_count", 0),
            "status": s.status,
        }
        for s in rows
    ]


def comparable_slates(viewer: User | AnonymousUser) -> QuerySet[Slate]:
    rows = Slate.objects.published()
    if viewer.is_authenticated:
        rows = Slate.objects.filter(Q(pk__in=rows) | Q(owner=viewer))
    return rows
