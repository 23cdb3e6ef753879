"""Marketplace reads: browse tabs, filters, sorting and ranked full-text search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Avg, Case, Count, F, IntegerField, Q, QuerySet, Subquery, Sum, When
from django.http import Http404
from django.utils import timezone

from accounts import selectors as account_selectors
from accounts.models import User
from pitches import access, config
from pitches.access import sees_full_short_synopsis
from pitches.models import (
    Pitch,
    PitchAccess,
    PitchDocument,
    PitchFollow,
    PitchLike,
    PitchMedia,
    SavedPitch,
)
from pitchey.prepared import Prepared

TABS = ("trending", "new", "popular", "top-rated")
SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-published_at", "-id"),
    "oldest": ("published_at", "id"),
    "title": ("title", "id"),
    "views": ("-view_count", "-id"),
    "likes": ("-like_count", "-id"),
    "rating": ("-rating_average", "-rating_count", "-id"),
    "budget": ("-public_budget", "-id"),
    "trending": ("-trending_score", "-published_at", "-id"),
}
SORT_ALIASES = {
    "date": "newest",
    "created_at": "newest",
    "published_at": "newest",
    "view_count": "views",
    "like_count": "likes",
    "popularity": "popular",
    "alphabetical": "title",
}
_WORD = re.compile(r"[\w]+", re.UNICODE)


@dataclass(frozen=True)
class BrowseParams:
    tab: str = ""
    q: str = ""
    genre: str = ""
    format: str = ""
    budget: str = ""
    stage: str = ""
    seeking_investment: bool | None = None
    sort: str = ""
    order: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def facets(self) -> dict[str, Any]:
        """The filters chosen (not the search words, tab or order)."""
        names = ("genre", "format", "budget", "stage", "seeking_investment")
        return {name: getattr(self, name) for name in names}


def prefix_query(text: str) -> SearchQuery | None:
    """A tsquery matching every word of `text`, the last ones as prefixes ('dra' finds 'drama')."""
    words = _WORD.findall(text.lower())[:8]
    if not words:
        return None
    raw = " & ".join(f"{word}:*" for word in words)
    return SearchQuery(raw, search_type="raw", config="english")


def marketplace(params: BrowseParams, *, viewer: Any = None) -> QuerySet[Pitch]:
    """Published pitches filtered, searched and ordered for the marketplace.

    A search matches only text `viewer` may read (visitors and watchers: the public synopsis).
    """
    qs = Pitch.objects.published()
    if params.genre:
        qs = qs.filter(genre__iexact=params.genre)
    if params.format:
        qs = qs.filter(Q(format_category__iexact=params.format) | Q(format__iexact=params.format))
    if params.budget:
        # Only budgets the creator shows are filterable, or the filter would reveal hidden ones.
        qs = qs.filter(budget_bracket=params.budget, visibility_settings__show_budget=True)
    if params.stage:
        qs = qs.filter(development_stage=params.stage)
    if params.seeking_investment is not None:
        qs = qs.filter(seeking_investment=params.seeking_investment)
    query = prefix_query(params.q) if params.q else None
    if params.q and query is None:
        return qs.none()
    if query is not None:
        full = viewer is not None and sees_full_short_synopsis(viewer)
        vector = "search_vector" if full else "search_vector_public"
        qs = qs.filter(**{vector: query}).annotate(rank=SearchRank(F(vector), query))
    ordering = _ordering(params, searching=query is not None)
    if any("public_budget" in str(field) for field in ordering):
        # Hidden budgets sort as unknown, so the order cannot reveal them.
        qs = qs.annotate(
            public_budget=Case(
                When(visibility_settings__show_budget=True, then=F("estimated_budget_usd")),
                default=None,
            )
        )
        ordering = tuple(
            F("public_budget").desc(nulls_last=True)
            if field == "-public_budget"
            else F("public_budget").asc(nulls_last=True)
            if field == "public_budget"
            else field
            for field in ordering
        )
    return qs.order_by(*ordering)


def _ordering(params: BrowseParams, *, searching: bool) -> tuple[Any, ...]:
    sort = SORT_ALIASES.get(params.sort, params.sort)
    if sort == "popular" or (not sort and params.tab == "popular"):
        popularity = F("view_count") + 3 * F("like_count")
        return (popularity.desc(), "-id")
    if sort in SORTS:
        fields = SORTS[sort]
        if params.order.lower() == "asc" and sort not in ("oldest", "title"):
            return tuple(f.lstrip("-") for f in fields)
        if params.order.lower() == "desc" and sort == "title":
            return ("-title", "-id")
        return fields
    if searching:
        return ("-rank", "-published_at", "-id")
    if params.tab == "trending":
        return SORTS["trending"]
    if params.tab == "top-rated":
        return SORTS["rating"]
    return SORTS["newest"]


def pitches_with_columns(columns: tuple[str, ...]) -> QuerySet[Pitch]:
    """Pitches with their owner joined, loading only `columns` (a list renders no more)."""
    return Pitch.objects.select_related("owner").only(*columns)


def genre_tiles() -> list[dict[str, Any]]:
    """Each configured genre with its published count, views and latest pitch title (2 queries)."""
    rows: dict[str, dict[str, Any]] = {
        row["genre"]: dict(row)
        for row in Pitch.objects.published()
        .values("genre")
        .annotate(count=Count("id"), total_views=Sum("view_count"))
    }
    latest: dict[str, dict[str, Any]] = {}
    for pitch in (
        Pitch.objects.published()
        .order_by("genre", "-published_at")
        .distinct("genre")
        .only("id", "title", "slug", "genre")
    ):
        latest[pitch.genre] = {"id": pitch.pk, "title": pitch.title, "slug": pitch.slug}
    return [
        {
            "genre": genre,
            "name": genre,
            "count": rows.get(genre, {}).get("count", 0),
            "total_views": rows.get(genre, {}).get("total_views", 0),
            "latest_pitch": latest.get(genre),
        }
        for genre in config.GENRES
    ]


def status_counts(user: User | AnonymousUser) -> dict[str, int]:
    counts = dict.fromkeys(Pitch.Status.values, 0)
    for row in Pitch.objects.owned_by(user).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    counts["all"] = sum(counts.values())
    return counts


def find_pitch(queryset: QuerySet[Pitch], key: str) -> Pitch | None:
    """A pitch by numeric id or by slug within `queryset`."""
    if key.isdigit():
        return queryset.filter(pk=int(key)).first()
    return queryset.filter(slug=key).first()


_BIGINT = 2**63 - 1
_READABLE: dict[tuple[tuple[str, ...], str], Prepared[Pitch]] = {}


def _readable(
    viewer_id: int,
    key: int | str,
    now: datetime,
    *,
    shape: tuple[str, ...],
    columns: tuple[str, ...],
) -> QuerySet[Pitch]:
    """What a pitch read asks, by a viewer known by id alone: `Pitch.visible_to` and
    `access.with_viewer_keys` read nothing of a non-staff viewer but their id."""
    audience, by, scope = shape
    viewer: User | AnonymousUser = User(pk=viewer_id)
    if audience == "anonymous":
        viewer = AnonymousUser()
    queryset = Pitch.objects.visible_to(viewer).select_related("owner").only(*columns)
    queryset = access.with_viewer_keys(queryset, viewer, now=now)
    if scope == "published":
        queryset = queryset.published()
    return queryset.filter(**{by: key})[:1]


def readable_pitch(
    viewer: User | AnonymousUser, key: str, *, columns: tuple[str, ...], published: bool = False
) -> Pitch | None:
    """A pitch `viewer` may open, by id or slug, with `columns`, its owner and the viewer's
    grant and NDA keys (`access.with_viewer_keys`), in one query; `published`: published ones
    only. Compiled once per process (`pitchey.prepared`) except for staff."""
    by_id = key.isascii() and key.isdigit()
    if by_id and int(key) > _BIGINT:
        return None
    scope = "published" if published else "visible"
    if viewer.is_authenticated and viewer.is_staff:
        queryset = Pitch.objects.visible_to(viewer).select_related("owner").only(*columns)
        queryset = access.with_viewer_keys(queryset, viewer)
        return find_pitch(queryset.published() if published else queryset, key)
    by = "pk" if by_id else "slug"
    prepared = _READABLE.get((columns, by))
    if prepared is None:
        build = partial(_readable, columns=columns)
        kinds = (int, int if by_id else str, datetime)
        prepared = _READABLE.setdefault((columns, by), Prepared(build, arg_types=kinds))
    audience = "member" if viewer.is_authenticated else "anonymous"
    return prepared.first(
        viewer.pk if viewer.is_authenticated else 0,
        int(key) if by_id else key,
        timezone.now(),
        shape=(audience, by, scope),
    )


def owned_pitch_or_404(user: User | AnonymousUser, key: str | int) -> Pitch:
    """The user's own pitch by id or slug; someone else's is the same 404 as a missing one."""
    pitch = find_pitch(Pitch.objects.owned_by(user), str(key))
    if pitch is None:
        raise Http404
    return pitch


def creator_pitches(user: User | AnonymousUser, *, status: str = "all") -> QuerySet[Pitch]:
    """The user's own pitches, most recently edited first, optionally of one status."""
    qs = Pitch.objects.owned_by(user).select_related("owner").order_by("-updated_at", "-id")
    return qs if status == "all" else qs.filter(status=status)


def engagement_counts(pitch_id: int) -> dict[str, int]:
    """The pitch's current like and save counters, read after a change (one query)."""
    row = Pitch.objects.filter(pk=pitch_id).values("like_count", "save_count").get()
    return {"like_count": row["like_count"], "save_count": row["save_count"]}


def saved_pitch_stats(user: User) -> dict[str, Any]:
    """Counts of the user's saves of pitches they may still see: total, with notes, this week
    and per genre (two queries)."""
    saves = SavedPitch.objects.visible_to(user)
    counts = saves.aggregate(
        total=Count("pk"),
        with_notes=Count("pk", filter=~Q(notes="")),
        this_week=Count("pk", filter=Q(created_at__gte=timezone.now() - timedelta(days=7))),
    )
    by_genre = {
        row["pitch__genre"] or "Other": row["n"]
        for row in saves.values("pitch__genre").annotate(n=Count("pk")).order_by("pitch__genre")
    }
    return {**counts, "by_genre": by_genre}


def creator_stats(user: User, *, viewer: User) -> dict[str, int]:
    """Published pitches of `user` that may be credited to them in front of `viewer`, with their
    summed views and likes (one query)."""
    totals = (
        Pitch.objects.published()
        .filter(owner=user)
        .named_for(viewer)
        .aggregate(
            pitches=Count("pk"), total_views=Sum("view_count"), total_likes=Sum("like_count")
        )
    )
    return {
        "pitches": totals["pitches"],
        "total_views": totals["total_views"] or 0,
        "total_likes": totals["total_likes"] or 0,
    }


def rating_stats() -> dict[str, Any]:
    """Rating counts over the published marketplace (one query)."""
    rated = Q(rating_count__gt=0)
    stats = Pitch.objects.published().aggregate(
        total_pitches=Count("pk"),
        rated_pitches=Count("pk", filter=rated),
        total_ratings=Sum("rating_count"),
        average_rating=Avg("rating_average", filter=rated),
    )
    stats["total_ratings"] = stats["total_ratings"] or 0
    stats["average_rating"] = round(float(stats["average_rating"] or 0), 2)
    return stats


def visible_pitch_or_404(user: Any, key: str | int, *, with_owner: bool = False) -> Pitch:
    """The pitch `user` may open, by id or slug; missing and not-yours are the same 404."""
    queryset = Pitch.objects.visible_to(user)
    if with_owner:
        queryset = queryset.select_related("owner")
    pitch = find_pitch(queryset, str(key))
    if pitch is None:
        raise Http404
    return pitch


def pitch_visible(user: User | AnonymousUser, pitch_id: int) -> bool:
    """Whether `user` may open the pitch (missing and not-yours alike are False)."""
    return Pitch.objects.visible_to(user).filter(pk=pitch_id).exists()


def pitch_manageable(user: User | AnonymousUser, pitch_id: int) -> bool:
    """Whether `user` owns the pitch or is staff (who may watch its live channel)."""
    rows = Pitch.objects.filter(pk=pitch_id)
    if not (user.is_authenticated and user.is_staff):
        rows = rows.owned_by(user)
    return rows.exists()


def pitch_summary(pitch_id: int) -> dict[str, Any] | None:
    """Owner id, title and view count of a pitch, or None when there is no such pitch."""
    row = Pitch.objects.filter(pk=pitch_id).values("owner_id", "title", "view_count").first()
    return dict(row) if row is not None else None


def publish_audience(pitch: Pitch) -> list[int]:
    """Who hears that `pitch` was published: its followers and, when the creator's name is
    public on it, the creator's followers; never the creator, never anyone blocked either way."""
    audience = set(pitch.follows.values_list("user_id", flat=True))
    if pitch.shows("show_creator_name"):
        audience |= account_selectors.follower_ids(pitch.owner_id)
    audience.discard(pitch.owner_id)
    audience -= account_selectors.blocked_with(pitch.owner_id, audience)
    return sorted(audience)


# --- portal homes: each read is one query whatever its size ---------------------------------------


def owner_totals(user: User | AnonymousUser) -> dict[str, int]:
    """Counts by status and summed views, likes, saves and NDAs over the user's own pitches."""
    published = Q(status=Pitch.Status.PUBLISHED)
    row = Pitch.objects.owned_by(user).aggregate(
        total=Count("id"),
        published=Count("id", filter=published),
        drafts=Count("id", filter=Q(status=Pitch.Status.DRAFT)),
        views=Sum("view_count"),
        likes=Sum("like_count"),
        saves=Sum("save_count"),
        ndas=Sum("nda_count"),
    )
    return {key: int(value or 0) for key, value in row.items()}


def recent_owned(user: User | AnonymousUser, *, limit: int) -> list[Pitch]:
    """The user's own pitches, most recently changed first."""
    return list(Pitch.objects.owned_by(user).order_by("-updated_at", "-id")[:limit])


def following_feed(user: User, *, limit: int) -> list[Pitch]:
    """Published pitches of creators the user follows and pitches the user follows, newest first."""
    followed = Q(owner_id__in=account_selectors.followed_ids(user)) | Q(
        pk__in=PitchFollow.objects.filter(user=user).values("pitch_id")
    )
    rows = Pitch.objects.published().filter(followed).exclude(owner=user).select_related("owner")
    return list(rows.order_by("-published_at", "-id")[:limit])


def recommended_for(user: User, *, limit: int) -> list[Pitch]:
    """New published pitches from what the user follows, or in the genres of the pitches the user
    saved or follows, that the user has not saved yet; newest first."""
    saved = SavedPitch.objects.filter(user=user).values("pitch_id")
    followed_pitches = PitchFollow.objects.filter(user=user).values("pitch_id")
    genres = (
        Pitch.objects.filter(Q(pk__in=saved) | Q(pk__in=followed_pitches))
        .exclude(genre="")
        .values("genre")
    )
    wanted = (
        Q(owner_id__in=account_selectors.followed_ids(user))
        | Q(pk__in=followed_pitches)
        | Q(genre__in=genres)
    )
    rows = (
        Pitch.objects.published()
        .filter(wanted)
        .exclude(owner=user)
        .exclude(pk__in=saved)
        .select_related("owner")
    )
    return list(rows.order_by("-published_at", "-id")[:limit])


def saved_by(user: User, *, limit: int) -> list[Pitch]:
    """Pitches the user saved and may still open, most recently saved first."""
    rows = SavedPitch.objects.filter(user=user, pitch__in=Pitch.objects.visible_to(user))
    return [row.pitch for row in rows.select_related("pitch__owner").order_by("-id")[:limit]]


def liked_by(user: User, *, limit: int) -> list[Pitch]:
    """Pitches the user liked and may still open, most recently liked first."""
    rows = PitchLike.objects.filter(user=user, pitch__in=Pitch.objects.visible_to(user))
    return [row.pitch for row in rows.select_related("pitch__owner").order_by("-id")[:limit]]


def unlocked_for(user: User, *, limit: int) -> list[Pitch]:
    """Published pitches of others whose protected material the user may read now."""
    granted = PitchAccess.objects.live().filter(user=user).values("pitch_id")
    rows = Pitch.objects.published().filter(pk__in=granted).exclude(owner=user)
    return list(rows.select_related("owner").order_by("-published_at", "-id")[:limit])


class _CountOf(Subquery):
    template = "(SELECT count(*) FROM (%(subquery)s) _rows)"
    output_field = IntegerField()


def user_engagement_counts(user: User) -> dict[str, int]:
    """How many pitches the user saved, liked and follows, and how many people (one query)."""
    row = (
        account_selectors.User.objects.filter(pk=user.pk)
        .annotate(
            saved=_CountOf(SavedPitch.objects.filter(user=user).values("id")),
            liked=_CountOf(PitchLike.objects.filter(user=user).values("id")),
            following_pitches=_CountOf(PitchFollow.objects.filter(user=user).values("id")),
            following_people=_CountOf(account_selectors.followed_ids(user)),
        )
        .values("saved", "liked", "following_pitches", "following_people")
        .first()
    )
    if row is None:
        return dict.fromkeys(("saved", "liked", "following_pitches", "following_people"), 0)
    return {
        "saved": row["saved"],
        "liked": row["liked"],
        "following_pitches": row["following_pitches"],
        "following_people": row["following_people"],
    }


def followed_by(user: User, *, limit: int) -> list[Pitch]:
    """Pitches the user follows and may still open, most recently followed first."""
    rows = PitchFollow.objects.filter(user=user, pitch__in=Pitch.objects.visible_to(user))
    return [row.pitch for row in rows.select_related("pitch__owner").order_by("-id")[:limit]]


def viewer_state(user: User | AnonymousUser, pitch: Pitch) -> dict[str, bool]:
    """Whether the viewer saved, follows and liked the pitch (one query; all False for visitors)."""
    if not user.is_authenticated:
        return {"saved": False, "following": False, "liked": False}
    row = Pitch.objects.filter(pk=pitch.pk).aggregate(
        saved=Count("saves", filter=Q(saves__user=user), distinct=True),
        following=Count("follows", filter=Q(follows__user=user), distinct=True),
        liked=Count("likes", filter=Q(likes__user=user), distinct=True),
    )
    return {key: bool(value) for key, value in row.items()}


def pitch_file_named(
    pitch: Pitch, name: str, *, confidential: bool
) -> PitchDocument | PitchMedia | None:
    """The first of the pitch's stored files called `name` (a document's upload name, or a
    document's or image's stored file name) that the protection rule lets the viewer have; None
    when there is none, or only ones they may not have (the same answer, so nothing leaks)."""
    documents = pitch.documents.filter(Q(original_name=name) | Q(storage_key__endswith=f"/{name}"))
    for document in documents:
        document.pitch = pitch
        if access.document_visible(document, confidential=confidential):
            return document
    if not access.media_visible(pitch, confidential=confidential):
        return None
    return pitch.media.filter(kind=PitchMedia.Kind.IMAGE, storage_key__endswith=f"/{name}").first()
