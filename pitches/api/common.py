"""What the pitch API views share: schema shapes, rendering through the protection rule, and
reading the marketplace's query parameters."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from pitches import access, config, selectors
from pitches import cache as list_cache
from pitches.api import serializers as s
from pitches.api.card_rows import card_queryset, card_rows
from pitches.models import Pitch
from pitchey.api import PagePagination, request_viewer, to_snake

Envelope = inline_serializer("PitchEnvelope", {"pitch": s.PitchDetailSerializer()})
ListEnvelope = inline_serializer(
    "PitchList",
    {
        "pitches": s.PitchCardSerializer(many=True),
        "items": s.PitchCardSerializer(many=True),
        "total": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "limit": serializers.IntegerField(),
        "total_pages": serializers.IntegerField(),
    },
)
DELETED = inline_serializer(
    "Deleted", {"deleted": serializers.BooleanField(), "id": serializers.IntegerField()}
)
FLAG = inline_serializer(
    "EngagementFlag", {"active": serializers.BooleanField(), "count": serializers.IntegerField()}
)
LIST_PARAM_NAMES = (
    "q",
    "search",
    "tab",
    "genre",
    "format",
    "budget",
    "stage",
    "seekingInvestment",
    "sort",
    "order",
    "page",
    "limit",
)
LIST_PARAMS = [OpenApiParameter(name, str, required=False) for name in LIST_PARAM_NAMES]
PAGE_PARAMS = [OpenApiParameter("page", int), OpenApiParameter("limit", int)]


def render_cards(
    request: Request,
    pitches: list[Pitch],
    *,
    confidential: set[int] | None = None,
    camel: bool = False,
) -> list[dict[str, Any]]:
    """Cards for a page of pitches through the protection rule (one grant query at most; none
    when the caller passes `confidential`, as a shared cache's build does with an empty set).
    snake_case keys for callers that add to them; `camel` ones, final, for the lists."""
    viewer = request_viewer(request)
    if confidential is None:
        confidential = access.confidential_pitch_ids(viewer, pitches)
    return card_rows(pitches, viewer, confidential, camel=camel)


def render_detail(request: Request, pitch: Pitch, *, force_public: bool = False) -> dict[str, Any]:
    confidential = not force_public and access.can_view_confidential(request_viewer(request), pitch)
    ids = {pitch.pk} if confidential else set()
    return dict(
        s.PitchDetailSerializer(pitch, context={"request": request, "confidential_ids": ids}).data
    )


def render_saved(request: Request, saves: Any, *, many: bool = False) -> Any:
    """Saved-pitch rows through the protection rule of their pitches."""
    rows = list(saves) if many else [saves]
    ids = access.confidential_pitch_ids(request_viewer(request), [row.pitch for row in rows])
    context = {"request": request, "confidential_ids": ids}
    return s.SavedPitchSerializer(saves, many=many, context=context).data


def pitch_list(
    request: Request,
    queryset: Any,
    *,
    ids_first: bool = True,
    total: int | None = None,
    keys: tuple[str, ...] = ("pitches", "items"),
    confidential: set[int] | None = None,
) -> tuple[dict[str, Any], PagePagination]:
    """One page of cards under each of `keys`, beside the list counts."""
    data, paginator, _items, _confidential = card_page(
        request, queryset, ids_first=ids_first, total=total, keys=keys, confidential=confidential
    )
    return data, paginator


def card_page(
    request: Request,
    queryset: Any,
    *,
    ids_first: bool = True,
    total: int | None = None,
    keys: tuple[str, ...] = ("pitches", "items"),
    confidential: set[int] | None = None,
    confidential_of: Callable[[list[Pitch]], set[int]] | None = None,
) -> tuple[dict[str, Any], PagePagination, list[Pitch], set[int]]:
    """`pitch_list` with the page's pitches and the ids among them the viewer may see in full
    (a cached page keeps their owners; a page with any is not shared). `confidential_of`, given
    the page's pitches, answers those ids instead of `access.confidential_pitch_ids`."""
    paginator = PagePagination()
    rows_from = card_queryset() if ids_first else None
    items = paginator.paginate_queryset(queryset, request, total=total, rows_from=rows_from)
    if confidential is None:
        reader = confidential_of or partial(access.confidential_pitch_ids, request_viewer(request))
        confidential = reader(items)
    cards = render_cards(request, items, confidential=confidential, camel=True)
    data = {**dict.fromkeys(keys, cards), **paginator.list_counts()}
    return data, paginator, items, confidential


def conditional(
    request: Request,
    data: dict[str, Any],
    respond: Callable[[dict[str, Any]], Response],
    *,
    etag: str | None = None,
    modified: float | None = None,
) -> HttpResponseBase:
    """`respond(data)` with an ETag (of `data`) and Last-Modified, or 304 Not Modified when the
    client's copy is current. Browsers revalidate each time (`no-cache`), never share it
    (`private`)."""
    etag = etag or list_cache.etag_of(data)
    last_modified = int(modified) if modified is not None else None
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    response: HttpResponseBase | None = get_conditional_response(
        request._request, etag=etag, last_modified=last_modified
    )
    if response is None:
        response = respond(data)
    for name, value in headers.items():
        response[name] = value
    return response


def _bool_param(raw: str | None) -> bool | None:
    if raw in (None, ""):
        return None
    return str(raw).lower() in ("1", "true", "yes")


def query_params(request: Request) -> dict[str, str]:
    """Query parameters with snake_case names (the SPA sends camelCase)."""
    return {to_snake(key): str(request.query_params.get(key, "")) for key in request.query_params}


def int_query(request: Request, name: str, key: str) -> int:
    try:
        value = int(request.query_params.get(key, ""))
    except ValueError:
        raise serializers.ValidationError({name: ["A valid integer is required."]}) from None
    if value < 1:
        raise serializers.ValidationError({name: ["A valid integer is required."]})
    return value


def browse_params(request: Request, *, tab: str = "") -> selectors.BrowseParams:
    q = query_params(request)
    errors: dict[str, list[str]] = {}
    chosen_tab = tab or q.get("tab", "")
    if chosen_tab and chosen_tab not in selectors.TABS:
        errors["tab"] = [f"Must be one of {', '.join(selectors.TABS)}."]
    budget = q.get("budget") or q.get("budget_range") or ""
    if budget and budget not in config.BUDGET_KEYS:
        errors["budget"] = ["Unknown budget range."]
    stage = q.get("stage") or q.get("development_stage") or ""
    if stage:
        # The SPA's spellings ('SCRIPT', 'scifi', 'feature') name the listed values.
        stage = config.normalise_stage(stage) or ""
        if not stage:
            errors["stage"] = ["Unknown development stage."]
    genre = q.get("genre", "")
    genre = (config.normalise_genre(genre) or genre) if genre else ""
    fmt = q.get("format", "") or q.get("format_category", "")
    fmt = (config.normalise_format_category(fmt) or config.normalise_format(fmt)) if fmt else ""
    sort = q.get("sort") or q.get("sort_by") or ""
    if sort and selectors.SORT_ALIASES.get(sort, sort) not in {*selectors.SORTS, "popular"}:
        errors["sort"] = ["Unknown sort."]
    order = (q.get("order") or q.get("sort_order") or "").lower()
    if order and order not in ("asc", "desc"):
        errors["order"] = ["Must be asc or desc."]
    text = (q.get("q") or q.get("search") or "").strip()
    if len(text) > 200:
        errors["q"] = ["At most 200 characters."]
    if errors:
        raise serializers.ValidationError(errors)
    return selectors.BrowseParams(
        tab=chosen_tab,
        q=text,
        genre=genre,
        format=fmt,
        budget=budget,
        stage=stage,
        seeking_investment=_bool_param(q.get("seeking_investment")),
        sort=sort,
        order=order,
    )


def page_response(request: Request, queryset: Any) -> Response:
    """A page of cards, ids first, with `meta.pagination`."""
    data, paginator = pitch_list(request, queryset)
    return paginator.page_response(data)
