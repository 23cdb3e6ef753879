"""The reads behind each portal's home: direct counts and short lists from every app's selectors.

Every home costs a fixed number of queries whatever the numbers of pitches, requests and messages
(pinned in tests/portals/test_homes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from investments.selectors import matching
from messaging import selectors as messaging_selectors
from ndas import selectors as nda_selectors
from pitches import selectors as pitch_selectors

if TYPE_CHECKING:
    from accounts.models import User
    from pitches.models import Pitch

LIST_SIZE = 5
CARD_COUNT = 6


@dataclass(frozen=True)
class NextStep:
    text: str
    href: str
    action: str


@dataclass
class Home:
    portal: str
    counts: dict[str, int] = field(default_factory=dict)
    lists: dict[str, list[Any]] = field(default_factory=dict)
    cards: dict[str, list[Pitch]] = field(default_factory=dict)
    next_steps: list[NextStep] = field(default_factory=list)


def _messages(user: User, home: Home) -> None:
    home.lists["conversations"] = list(messaging_selectors.conversations_for(user)[:4])
    home.counts["unread"] = messaging_selectors.unread_message_total(user)


def creator_home(user: User) -> Home:
    """My pitches with their numbers, requests waiting, recent messages, what to do next."""
    home = Home("creator")
    home.counts.update(pitch_selectors.owner_totals(user))
    home.counts.update(nda_selectors.home_counts(user))
    home.lists["pitches"] = pitch_selectors.recent_owned(user, limit=LIST_SIZE)
    home.lists["waiting"] = nda_selectors.waiting_for(user, limit=LIST_SIZE)
    _messages(user, home)
    home.next_steps = _creator_steps(user, home)
    return home


def _creator_steps(user: User, home: Home) -> list[NextStep]:
    counts, steps = home.counts, []
    if counts["total"] == 0:
        steps.append(
            NextStep(
                "Create your first pitch: a title, a logline and a short synopsis "
                "are enough to start.",
                "/creator/pitch/new/",
                "New pitch",
            )
        )
    drafts = [p for p in home.lists["pitches"] if p.status == "draft"]
    if drafts:
        steps.append(
            NextStep(
                f"Finish “{drafts[0].title}” and publish it.",
                f"/creator/pitches/{drafts[0].pk}/edit/publish/",
                "Continue",
            )
        )
    if counts["waiting"]:
        steps.append(
            NextStep(
                f"Answer {counts['waiting']} NDA request{'s' if counts['waiting'] != 1 else ''}.",
                "/creator/ndas/",
                "Review",
            )
        )
    if counts["unread"]:
        steps.append(NextStep("Reply to your unread messages.", "/messages/", "Open messages"))
    if not (user.bio or user.avatar_file):
        steps.append(
            NextStep(
                "Add a picture and a short bio so backers know who you are.",
                "/settings/",
                "Edit profile",
            )
        )
    return steps


def backer_home(user: User) -> Home:
    """Investors and production companies: new pitches for them, their requests, saved, unlocked."""
    home = Home(user.portal)
    home.counts.update(nda_selectors.home_counts(user))
    home.counts.update(pitch_selectors.user_engagement_counts(user))
    home.cards["recommended"] = _for_you(user)
    home.cards["unlocked"] = pitch_selectors.unlocked_for(user, limit=LIST_SIZE)
    home.cards["saved"] = pitch_selectors.saved_by(user, limit=LIST_SIZE)
    home.lists["requests"] = nda_selectors.sent_by(user, limit=LIST_SIZE)
    _messages(user, home)
    return home


def _for_you(user: User) -> list[Pitch]:
    """An investor's thesis matches first, then pitches in the vein of what they follow and save
    (production companies get the second list only)."""
    picked = matching.new_pitches_for(user, limit=CARD_COUNT) if user.portal == "investor" else []
    seen = {p.pk for p in picked}
    more = pitch_selectors.recommended_for(user, limit=CARD_COUNT)  # always: a fixed query count
    return picked + [p for p in more if p.pk not in seen][: CARD_COUNT - len(picked)]


def watcher_home(user: User) -> Home:
    """Watchers: the following feed, liked and saved pitches."""
    home = Home("watcher")
    home.counts.update(pitch_selectors.user_engagement_counts(user))
    home.cards["feed"] = pitch_selectors.following_feed(user, limit=CARD_COUNT)
    home.cards["liked"] = pitch_selectors.liked_by(user, limit=LIST_SIZE)
    home.cards["saved"] = pitch_selectors.saved_by(user, limit=LIST_SIZE)
    return home


def home_for(user: User) -> Home:
    if user.portal == "creator":
        return creator_home(user)
    if user.portal in ("investor", "production"):
        return backer_home(user)
    return watcher_home(user)
