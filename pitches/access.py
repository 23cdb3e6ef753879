"""The one protection rule for confidential pitch material, used by every channel.

The owner, staff and holders of a live `PitchAccess` grant see everything. Everyone else sees
the public part (see `public_part`). Lists use `confidential_pitch_ids` (one query for a page),
single pitches `can_view_confidential`; serializers, pages, downloads and any later export
or push go through these two functions and `strip_protected`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import IntegerField, QuerySet, Value

from pitches.models import PUBLIC_SYNOPSIS_CHARS, Pitch, PitchAccess, PitchDocument

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

# The allow-list: the only fields of a pitch that reach someone without confidential access.
# Anything else a serializer produces (a new field included) is private until listed here.
PUBLIC_FIELDS = frozenset(
    {
        "id",
        "slug",
        "title",
        "logline",
        "genre",
        "format",
        "format_category",
        "format_subtype",
        "custom_format",
        "format_label",
        "short_synopsis",
        "development_stage",
        "development_stage_other",
        "target_release_date",
        "seeking_investment",
        "status",
        "require_nda",
        "nda_type",
        "ai_disclosure",
        "view_count",
        "like_count",
        "save_count",
        "nda_count",
        "rating_average",
        "rating_count",
        "trending_score",
        "pitchey_score",
        "heat_score",
        "heat_badge",
        "published_at",
        "created_at",
        "updated_at",
        "archived_at",
        "video_platform",
        "visibility_settings",
        "documents",
        "creator",
        "user_id",
    }
)
# Public fields the creator may withhold, and private fields they may choose to show
# (visibility setting -> fields).
CREATOR_FIELDS = ("creator", "user_id")
OPT_IN_FIELDS: dict[str, tuple[str, ...]] = {
    "show_characters": ("characters",),
    "show_budget": ("estimated_budget", "estimated_budget_usd", "budget_bracket"),
    "show_media": ("media", "video_url", "title_image"),
}


NO_NDA: dict[str, Any] = {"hasNDA": False, "hasSignedNDA": False, "ndaStatus": "none"}


@dataclass(frozen=True)
class NdaKeys:
    """The NDA app's readers of a viewer's NDA keys on a pitch (it sits above this module), which
    also answer, in the same query, whether the viewer holds a live grant on it: `reader` asks
    for one pitch; `annotations(user)` annotate a pitch queryset with the same facts, which
    `of_annotated` reads off a row so read (no query)."""

    reader: Callable[[User, Pitch], tuple[bool, dict[str, Any]]]
    annotations: Callable[[User, datetime | None], dict[str, Any]]
    of_annotated: Callable[[Pitch], tuple[bool, dict[str, Any]]]


_nda_keys: list[NdaKeys] = []
_Pitches = TypeVar("_Pitches", bound="QuerySet[Pitch]")


def provide_nda_keys(keys: NdaKeys) -> None:
    _nda_keys[:] = [keys]


def viewer_nda_keys(user: User | AnonymousUser, pitch: Pitch) -> dict[str, Any]:
    """`hasNDA`, `hasSignedNDA` and `ndaStatus` of `user` on `pitch`, as the SPA reads them."""
    if not user.is_authenticated or not _nda_keys:
        return dict(NO_NDA)
    return _nda_keys[0].reader(user, pitch)[1]


def with_viewer_keys(
    queryset: _Pitches, user: User | AnonymousUser, *, now: datetime | None = None
) -> _Pitches:
    """`queryset` whose pitches carry what `confidential_and_nda_keys` needs about `user` (at
    `now`, the current time unless given), so a pitch's row, the viewer's grant and their NDA
    keys come in one query."""
    if not user.is_authenticated or not _nda_keys:
        return queryset
    return queryset.annotate(
        **_nda_keys[0].annotations(user, now),
        viewer_keys_of=Value(user.pk, output_field=IntegerField()),
    )


def confidential_and_nda_keys(
    user: User | AnonymousUser, pitch: Pitch
) -> tuple[bool, dict[str, Any]]:
    """`can_view_confidential(user, pitch)` and `viewer_nda_keys(user, pitch)`: no query for a
    pitch read through `with_viewer_keys(queryset, user)`, one otherwise."""
    if not user.is_authenticated:
        return False, dict(NO_NDA)
    if not _nda_keys:
        return can_view_confidential(user, pitch), dict(NO_NDA)
    keys = _nda_keys[0]
    annotated = getattr(pitch, "viewer_keys_of", None) == user.pk
    granted, found = keys.of_annotated(pitch) if annotated else keys.reader(user, pitch)
    return granted or _is_privileged(user) or pitch.owner_id == user.pk, found


def _is_privileged(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def can_view_confidential(user: User | AnonymousUser, pitch: Pitch) -> bool:
    """True when `user` may see every part of `pitch`: owner, staff or a live grant."""
    if not user.is_authenticated:
        return False
    if _is_privileged(user) or pitch.owner_id == user.pk:
        return True
    return PitchAccess.objects.live().filter(user=user, pitch=pitch).exists()


def granted_pitch_ids(user: User) -> frozenset[int]:
    """Every pitch `user` holds an unrevoked grant on, expired ones included (a superset of the
    live grants: callers that find one of these on a page ask `confidential_ids_among`)."""
    rows = PitchAccess.objects.filter(user=user, revoked_at__isnull=True)
    return frozenset(rows.values_list("pitch_id", flat=True))


def confidential_pitch_ids(user: User | AnonymousUser, pitches: Iterable[Pitch]) -> set[int]:
    """The ids among `pitches` whose confidential parts `user` may see (at most one query)."""
    return confidential_ids_among(user, [(p.pk, p.owner_id) for p in pitches])


def confidential_ids_among(
    user: User | AnonymousUser, pitches: Iterable[tuple[int, int]]
) -> set[int]:
    """`confidential_pitch_ids` over (pitch id, owner id) pairs, e.g. those of a cached page."""
    pairs = list(pitches)
    if not user.is_authenticated or not pairs:
        return set()
    if _is_privileged(user):
        return {pk for pk, _owner in pairs}
    owned = {pk for pk, owner in pairs if owner == user.pk}
    others = [pk for pk, _owner in pairs if pk not in owned]
    if not others:
        return owned
    granted = PitchAccess.objects.live().filter(user=user, pitch_id__in=others)
    return owned | set(granted.values_list("pitch_id", flat=True))


def audience(user: User | AnonymousUser) -> str | None:
    """The class of viewers who receive the same public part of any pitch, for shared caches:
    "public" (visitors and watchers, who read the first 300 characters of a short synopsis) or
    "member" (everyone else logged in). None for staff, who see everything. Pitches a viewer
    owns or holds a grant for are outside the class: a cached page is served only after
    `confidential_ids_among` finds none on it."""
    if _is_privileged(user):
        return None
    return "member" if sees_full_short_synopsis(user) else "public"


def sees_full_short_synopsis(user: User | AnonymousUser) -> bool:
    """Anonymous users and watchers read only the first 300 characters of the short synopsis."""
    if not user.is_authenticated:
        return False
    return getattr(user, "user_type", "") != "viewer" or _is_privileged(user)


def _public_document(pitch: Pitch, *, document_type: str, is_protected: bool) -> bool:
    """NDA-only, script, deck and lookbook files are never public; a budget file follows
    showBudget."""
    if is_protected:
        return False
    return document_type != PitchDocument.Type.BUDGET or pitch.shows("show_budget")


def document_visible(document: PitchDocument, *, confidential: bool) -> bool:
    return confidential or _public_document(
        document.pitch, document_type=document.document_type, is_protected=document.is_protected
    )


def media_visible(pitch: Pitch, *, confidential: bool) -> bool:
    """A pitch's images reach those with confidential access, and everyone when the creator
    shows media."""
    return confidential or pitch.shows("show_media")


def strip_protected(
    data: dict[str, Any], pitch: Pitch, user: User | AnonymousUser, *, confidential: bool
) -> dict[str, Any]:
    """The representation `user` may receive: everything when confidential, else the public part."""
    if confidential:
        data["has_full_access"], data["synopsis_truncated"] = True, False
        return data
    allowed = set(PUBLIC_FIELDS)
    for setting, fields in OPT_IN_FIELDS.items():
        if pitch.shows(setting):
            allowed.update(fields)
    if not pitch.shows("show_creator_name"):
        allowed.difference_update(CREATOR_FIELDS)
    public = {key: value for key, value in data.items() if key in allowed}
    public["has_full_access"], public["synopsis_truncated"] = False, False
    synopsis = public.get("short_synopsis") or ""
    if not pitch.shows("show_short_synopsis"):
        public["short_synopsis"] = ""
    elif not sees_full_short_synopsis(user) and len(synopsis) > PUBLIC_SYNOPSIS_CHARS:
        public["short_synopsis"] = synopsis[:PUBLIC_SYNOPSIS_CHARS]
        public["synopsis_truncated"] = True
    if "documents" in public:
        public["documents"] = [
            d
            for d in public["documents"]
            if _public_document(
                pitch, document_type=d["document_type"], is_protected=bool(d.get("is_protected"))
            )
        ]
    return public
