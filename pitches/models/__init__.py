"""Pitches and everything hanging off them: characters, attachments, documents, media (in
`pitch`), and likes, saves, follows, views and confidential-access grants (in `engagement`)."""

from pitches.models.engagement import (
    PitchAccess,
    PitchAccessQuerySet,
    PitchFollow,
    PitchLike,
    PitchView,
    SavedPitch,
    SavedPitchQuerySet,
)
from pitches.models.info import InfoRequest, InfoRequestQuerySet
from pitches.models.pitch import (
    DEFAULT_VISIBILITY,
    PUBLIC_SYNOPSIS_CHARS,
    Character,
    CreativeAttachment,
    DocumentAccessLog,
    Pitch,
    PitchDocument,
    PitchMedia,
    PitchQuerySet,
    default_visibility,
)
from pitches.models.provenance import PitchSeal
from pitches.models.search import (
    SavedSearch,
    SavedSearchQuerySet,
    SearchClick,
    SearchHistory,
    SearchHistoryQuerySet,
)

__all__ = [
    "DEFAULT_VISIBILITY",
    "PUBLIC_SYNOPSIS_CHARS",
    "Character",
    "CreativeAttachment",
    "DocumentAccessLog",
    "InfoRequest",
    "InfoRequestQuerySet",
    "Pitch",
    "PitchAccess",
    "PitchAccessQuerySet",
    "PitchDocument",
    "PitchFollow",
    "PitchLike",
    "PitchMedia",
    "PitchQuerySet",
    "PitchSeal",
    "PitchView",
    "SavedPitch",
    "SavedPitchQuerySet",
    "SavedSearch",
    "SavedSearchQuerySet",
    "SearchClick",
    "SearchHistory",
    "SearchHistoryQuerySet",
    "default_visibility",
]

# Ratings, feedback, comments and reading time live in their own module (pitches.engagement);
# importing it here, once Pitch exists, registers them with the app.
import pitches.engagement.models  # noqa: F401
