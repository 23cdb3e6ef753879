"""The one protection rule for confidential pitch material, used by every channel.

The owner, staff and holders of a live `PitchAccess` grant see everything. Everyone else sees
the public part (see `public_part`). Lists use `confidential_pitch_ids` (one query for a page),
single pitches `can_view_confidential`; serializers, pages, downloads and any later export
or push go through these two functions and `strip_protected`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pitches.models import Pitch, PitchAccess, PitchDocument

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

PUBLIC_SYNOPSIS_CHARS = 300

# Fields only the owner, staff and grant holders may read.
PROTECTED_FIELDS = frozenset(
    {
        "long_synopsis", "themes", "world_description", "tone_and_style", "comps",
        "story_breakdown", "why_now", "target_audience", "production_location",
        "production_timeline", "video_password", "custom_nda_text", "characters",
        "attachments", "estimated_budget", "estimated_budget_usd", "budget_bracket",
        "media", "video_url", "title_image", "content_hash",
    }
)  # fmt: skip
# Protected fields the creator may choose to show to everyone (visibility setting -> fields).
OPT_IN_FIELDS: dict[str, tuple[str, ...]] = {
    "show_characters": ("characters",),
    "show_budget": ("estimated_budget", "estimated_budget_usd", "budget_bracket"),
    "show_media": ("media", "video_url", "title_image"),
}


def _is_privileged(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def can_view_confidential(user: User | AnonymousUser, pitch: Pitch) -> bool:
    """True when `user` may see every part of `pitch`: owner, staff or a live grant."""
    if not user.is_authenticated:
        return False
    if _is_privileged(user) or pitch.owner_id == user.pk:
        return True
    return PitchAccess.objects.live().filter(user=user, pitch=pitch).exists()


def confidential_pitch_ids(user: User | AnonymousUser, pitches: Iterable[Pitch]) -> set[int]:
    """The ids among `pitches` whose confidential parts `user` may see (at most one query)."""
    pitches = list(pitches)
    if not user.is_authenticated or not pitches:
        return set()
    if _is_privileged(user):
        return {p.pk for p in pitches}
    owned = {p.pk for p in pitches if p.owner_id == user.pk}
    others = [p.pk for p in pitches if p.pk not in owned]
    if not others:
        return owned
    granted = PitchAccess.objects.live().filter(user=user, pitch_id__in=others)
    return owned | set(granted.values_list("pitch_id", flat=True))


def sees_full_short_synopsis(user: User | AnonymousUser) -> bool:
    """Anonymous users and watchers read only the first 300 characters of the short synopsis."""
    if not user.is_authenticated:
        return False
    return getattr(user, "user_type", "") != "viewer" or _is_privileged(user)


def document_visible(document: PitchDocument, *, confidential: bool) -> bool:
    return confidential or not document.is_protected


def strip_protected(
    data: dict[str, Any], pitch: Pitch, user: User | AnonymousUser, *, confidential: bool
) -> dict[str, Any]:
    """The representation `user` may receive: everything when confidential, else the public part."""
    data["has_full_access"] = confidential
    data["synopsis_truncated"] = False
    if confidential:
        return data
    public = dict(data)
    hidden = set(PROTECTED_FIELDS)
    for setting, fields in OPT_IN_FIELDS.items():
        if pitch.shows(setting):
            hidden.difference_update(fields)
    for field in hidden:
        public.pop(field, None)
    if not pitch.shows("show_creator_name"):
        public.pop("creator", None)
    synopsis = public.get("short_synopsis") or ""
    if not pitch.shows("show_short_synopsis"):
        public["short_synopsis"] = ""
    elif not sees_full_short_synopsis(user) and len(synopsis) > PUBLIC_SYNOPSIS_CHARS:
        public["short_synopsis"] = synopsis[:PUBLIC_SYNOPSIS_CHARS]
        public["synopsis_truncated"] = True
    if "documents" in public:
        public["documents"] = [d for d in public["documents"] if not d.get("is_protected")]
    return public
