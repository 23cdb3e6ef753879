"""What the pitch API views share: schema shapes, rendering through the protection rule, and
reading the marketplace's query parameters."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from pitches import access, config, selectors
from pitches.api import serializers as s
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


def render_cards(request: Request, pitches: list[Pitch]) -> list[dict[str, Any]]:
    """Cards for a page of pitches through the protection rule (one grant query at most)."""
    ids = access.confidential_pitch_ids(request_viewer(request), pitches)
    data = s.PitchCardSerializer(
        pitches, many=True, context={"request": request, "confidential_ids": ids}
    ).data
    return [dict(item) for item in data]


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
) -> tuple[dict[str, Any], PagePagination]:
    """One page of cards under each of `keys`, beside the list counts."""
    paginator = PagePagination()
    rows_from = Pitch.objects.for_cards() if ids_first else None
    items = paginator.paginate_queryset(queryset, request, total=total, rows_from=rows_from)
    cards = render_cards(request, items)
    return {**dict.fromkeys(keys, cards), **paginator.list_counts()}, paginator


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
