"""Pitch cards without per-field serializer overhead, for the lists that send many of them.

The output is `PitchCardSerializer`'s (a test holds the two equal for every kind of viewer): the
same fields, converted the way its DRF fields convert them, then the same `access.strip_protected`
(the one protection rule), then camelCase keys converted once per key, not once per row. Only
the columns a card renders are loaded (`CARD_COLUMNS`): no long texts, no search vectors.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rest_framework import serializers

from pitches import access, selectors
from pitches.api.serializers import CARD_FIELDS, PitchCardSerializer
from pitches.engagement.heat import badge as heat_badge
from pitches.models import Pitch
from pitchey.api import Camelized, to_camel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from accounts.models import User

# What a card reads besides CARD_FIELDS: the owner, the format label, the visibility settings.
OWNER_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "company_name",
    "username",
    "user_type",
    "company_verified",
    "identity_verified_at",
)
CARD_COLUMNS = tuple(
    dict.fromkeys(
        [
            *CARD_FIELDS,
            "owner_id",
            "visibility_settings",
            "format_subtype",
            "custom_format",
            *(f"owner__{name}" for name in OWNER_COLUMNS),
        ]
    )
)
# DRF fields whose representation of a non-None value of their model field is the value itself.
_IDENTITY = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.BooleanField,
    serializers.FloatField,
    serializers.ChoiceField,
    serializers.JSONField,
    serializers.ReadOnlyField,
)


def card_queryset() -> QuerySet[Pitch]:
    """Pitches with the owner joined and only the columns a card renders."""
    return selectors.pitches_with_columns(CARD_COLUMNS)


@functools.cache
def _plan() -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """(field, converter or None for the value itself), once per process, from the serializer."""
    fields = PitchCardSerializer().fields
    plan = []
    for name in CARD_FIELDS:
        field = fields[name]
        identity = isinstance(field, _IDENTITY) and not isinstance(
            field, serializers.DecimalField | serializers.DateTimeField | serializers.DateField
        )
        plan.append((name, None if identity else field.to_representation))
    return tuple(plan)


def card(pitch: Pitch) -> dict[str, Any]:
    """`PitchCardSerializer`'s data for `pitch` before the protection rule (snake_case keys)."""
    data: dict[str, Any] = {}
    for name, convert in _plan():
        value = getattr(pitch, name)
        data[name] = value if convert is None or value is None else convert(value)
    owner = pitch.owner
    data["creator"] = {
        "id": owner.pk,
        "name": owner.display_name,
        "username": owner.username,
        "company_name": owner.company_name,
        "user_type": owner.user_type,
        "company_verified": owner.company_verified,
        "identity_verified": owner.identity_verified_at is not None,
    }
    data["user_id"] = pitch.owner_id
    data["format_label"] = pitch.custom_format or pitch.format_subtype or pitch.format
    data["pitchey_score"] = float(pitch.rating_average)
    data["heat_score"] = round(pitch.trending_score, 2)
    data["heat_badge"] = heat_badge(pitch.trending_score)
    return data


def camel_card(data: dict[str, Any]) -> Camelized:
    """A card with camelCase keys (its creator's too), marked so the renderer skips it."""
    out = Camelized({to_camel(key): value for key, value in data.items()})
    creator = out.get("creator")
    if isinstance(creator, dict):
        out["creator"] = {to_camel(key): value for key, value in creator.items()}
    return out


def card_rows(
    pitches: Iterable[Pitch],
    viewer: User | AnonymousUser,
    confidential_ids: set[int],
    *,
    camel: bool = False,
) -> list[dict[str, Any]]:
    """The cards `viewer` may see, `confidential_ids` computed by the caller in one query."""
    rows = [
        access.strip_protected(
            card(pitch), pitch, viewer, confidential=pitch.pk in confidential_ids
        )
        for pitch in pitches
    ]
    return [camel_card(row) for row in rows] if camel else rows


# What a pitch's engagement moves without an edit of the pitch (no list version bump): a cached
# detail gets these from the row just read.
COUNTERS = (
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
)


def counters(pitch: Pitch) -> dict[str, Any]:
    """The pitch's current counters as its card and detail show them (camelCase keys)."""
    data = card(pitch)
    return {to_camel(name): data[name] for name in COUNTERS}


_STAMPED = tuple(name for name in CARD_COLUMNS if name not in COUNTERS)


def row_stamp(pitch: Pitch) -> str:
    """A digest of what a card-column row holds besides its counters (its owner's names too)."""
    owner = pitch.owner
    values = [getattr(pitch, name) for name in _STAMPED if not name.startswith("owner__")]
    values += [getattr(owner, name) for name in OWNER_COLUMNS]
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()
