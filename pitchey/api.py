"""API conventions used by every endpoint: envelope, camelCase, errors, pagination.

Views return plain data; `EnvelopeRenderer` wraps it as
`{"success": true, "data": ..., "meta": {"timestamp", "requestId", "pagination"?}}` and
`exception_handler` turns every error into `{"success": false, "error": {code, message, details?}}`.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.pagination import BasePagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from pitchey.errors import DomainError

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.views import APIView

    from accounts.models import User

logger = logging.getLogger(__name__)

# --- camelCase -------------------------------------------------------------------------------

_CAMEL_RE = re.compile(r"_([a-z0-9])")
_SNAKE_RE = re.compile(r"(?<=[a-z0-9])([A-Z])")


@functools.lru_cache(maxsize=8192)
def to_camel(name: str) -> str:
    """`name` in camelCase; each distinct key is converted once per process."""
    if name.startswith("_") or "_" not in name:
        return name
    return _CAMEL_RE.sub(lambda m: m.group(1).upper(), name)


class Camelized(dict):  # type: ignore[type-arg]
    """A mapping whose keys (and nested keys) are camelCase already: `camelize` passes it as it
    is, so a list of cards built by a plain function is not walked again key by key."""

    __slots__ = ()


@functools.lru_cache(maxsize=8192)
def to_snake(name: str) -> str:
    """`name` in snake_case; each distinct key converted once per process (8192 kept at most)."""
    return _SNAKE_RE.sub(lambda m: "_" + m.group(1).lower(), name)


class Verbatim(str):
    """A response key `camelize` leaves as written: a few SPA callers read raw snake_case keys
    (section 3.1, "Naming"), which then go out beside their camelCase twins."""

    __slots__ = ()


def with_snake_keys(data: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """`data` with camelCase top-level keys plus a snake_case copy of each of `names` it holds.

    The keys are camelCased here, first, because a `Verbatim` key equals its plain twin and
    one dict cannot hold both.
    """
    out: dict[str, Any] = {to_camel(str(key)): value for key, value in data.items()}
    out.update({Verbatim(name): data[name] for name in names if name in data})
    return out


def camelize(data: Any) -> Any:
    if isinstance(data, Camelized):
        return data
    if isinstance(data, Mapping):
        return {
            key if isinstance(key, Verbatim) else to_camel(str(key)): camelize(value)
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [camelize(item) for item in data]
    return data


def underscoreize(data: Any) -> Any:
    if isinstance(data, Mapping) and not hasattr(data, "getlist"):
        return {to_snake(str(key)): underscoreize(value) for key, value in data.items()}
    if isinstance(data, list):
        return [underscoreize(item) for item in data]
    return data


def _underscoreize_querydict(data: Any) -> Any:
    copy = data.copy()
    for key in list(copy.keys()):
        snake = to_snake(key)
        if snake != key:
            copy.setlist(snake, copy.getlist(key))
            del copy[key]
    return copy


MAX_JSON_DEPTH = 32


def check_hostile(data: Any) -> None:
    """Refuse input no endpoint can store: JSON nested past MAX_JSON_DEPTH, or a NUL character
    in any key or string (PostgreSQL text cannot hold one). Iterative, so depth costs no stack."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise exceptions.ParseError(f"JSON may be nested at most {MAX_JSON_DEPTH} levels deep.")
        if isinstance(value, str):
            if "\x00" in value:
                raise exceptions.ParseError("Text may not contain NUL characters.")
        elif isinstance(value, Mapping):
            for key, item in value.items():
                pending.append((key, depth))
                pending.append((item, depth + 1))
        elif isinstance(value, list | tuple):
            pending.extend((item, depth + 1) for item in value)


class CamelCaseJSONParser(JSONParser):
    """JSON bodies: an object (every endpoint reads named keys), bounded in depth, no NULs."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON is nested too deeply.") from None
        check_hostile(data)
        if not isinstance(data, dict):
            raise exceptions.ParseError("The body must be a JSON object.")
        return underscoreize(data)


def _checked_querydict(data: Any) -> Any:
    check_hostile({key: data.getlist(key) for key in data})
    return _underscoreize_querydict(data)


class CamelCaseFormParser(FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except SuspiciousOperation as exc:  # more than DATA_UPLOAD_MAX_NUMBER_FIELDS
            raise exceptions.ParseError(str(exc)) from None
        return _checked_querydict(data)


class CamelCaseMultiPartParser(MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except SuspiciousOperation as exc:
            raise exceptions.ParseError(str(exc)) from None
        parsed.data = _checked_querydict(parsed.data)
        return parsed


def query_params(request: Request) -> dict[str, str]:
    """The query string with snake_case names (`startDate` -> `start_date`), last value wins."""
    return {to_snake(key): str(request.query_params.get(key)) for key in request.query_params}


def request_user(request: HttpRequest | Request) -> User:
    """The logged-in user of a view that requires a login (permission class, login_required)."""
    return cast("User", request.user)


def logged_in_user(request: HttpRequest | Request) -> User | None:
    """The user when logged in, None for an anonymous visitor."""
    user = getattr(request, "user", None)
    return cast("User", user) if user is not None and user.is_authenticated else None


def request_viewer(request: HttpRequest | Request) -> User | AnonymousUser:
    """Whoever is asking, logged in or not (views open to anonymous visitors)."""
    user = getattr(request, "user", None)
    return cast("User", user) if user is not None else AnonymousUser()


# --- envelope --------------------------------------------------------------------------------


def request_id_of(request: HttpRequest | Request | None) -> str | None:
    if request is None:
        return None
    return getattr(request, "request_id", None)


def meta_for(request: HttpRequest | Request | None, **extra: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
        "requestId": request_id_of(request),
    }
    meta.update(extra)
    return meta


def error_body(
    request: HttpRequest | Request | None, code: str, message: str, details: Any = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = camelize(details)
    return {"success": False, "error": error, "meta": meta_for(request)}


def error_response(
    request: HttpRequest, code: str, message: str, status_code: int, *, details: Any = None
) -> JsonResponse:
    """An error envelope outside DRF (middleware, handler404/500)."""
    return JsonResponse(error_body(request, code, message, details), status=status_code)


class EnvelopeRenderer(JSONRenderer):
    """Wraps view data in the envelope; error bodies from `exception_handler` pass through."""

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        renderer_context = renderer_context or {}
        response: Response | None = renderer_context.get("response")
        request = renderer_context.get("request")
        if isinstance(data, dict) and data.get("success") is False and "error" in data:
            body = data
        elif response is not None and getattr(response, "raw_body", False):
            body = camelize(data)
        else:
            extra: dict[str, Any] = {}
            pagination = getattr(response, "pagination", None)
            if pagination is not None:
                extra["pagination"] = pagination
            body = {"success": True, "data": camelize(data), "meta": meta_for(request, **extra)}
            if response is not None and getattr(response, "flat", False) and isinstance(data, dict):
                # Some SPA callers read keys at the top level of the body (section 3.1).
                only = getattr(response, "flat_keys", None)
                for key, value in body["data"].items():
                    if only is None or key in only:
                        body.setdefault(key, value)
        return super().render(body, accepted_media_type, renderer_context)


def flat_response(
    data: dict[str, Any], status_code: int = 200, *, only: tuple[str, ...] | None = None
) -> Response:
    """A response whose data keys (or only the camelCase keys in `only`) are also copied to the
    top level of the envelope."""
    response = Response(data, status=status_code)
    response.flat = True  # type: ignore[attr-defined]
    response.flat_keys = only  # type: ignore[attr-defined]
    return response


# --- errors ----------------------------------------------------------------------------------

_DRF_CODES: list[tuple[type[exceptions.APIException], str]] = [
    (exceptions.ValidationError, "VALIDATION_ERROR"),
    (exceptions.ParseError, "BAD_REQUEST"),
    (exceptions.NotAuthenticated, "UNAUTHORIZED"),
    (exceptions.AuthenticationFailed, "UNAUTHORIZED"),
    (exceptions.PermissionDenied, "FORBIDDEN"),
    (exceptions.NotFound, "NOT_FOUND"),
    (exceptions.MethodNotAllowed, "METHOD_NOT_ALLOWED"),
    (exceptions.NotAcceptable, "NOT_ACCEPTABLE"),
    (exceptions.UnsupportedMediaType, "INVALID_FILE_TYPE"),
    (exceptions.Throttled, "RATE_LIMIT_EXCEEDED"),
]


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is temporarily unavailable; try again shortly."
    default_code = "SERVICE_UNAVAILABLE"


def _first_message(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        return _first_message(next(iter(detail.values())))
    return str(detail)


def _validation_details(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _validation_details(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_validation_details(item) for item in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The one exception handler: every API error leaves in the envelope with a stable code."""
    request = context.get("request")
    headers: dict[str, str] = {}
    details: Any = None
    if isinstance(exc, RequestDataTooBig):
        body = error_body(request, "PAYLOAD_TOO_LARGE", "The request body is too large.")
        return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(str(exc) or "The request was malformed.")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, OperationalError | InterfaceError):
        logger.warning("database unavailable: %s", exc)
        exc = ServiceUnavailable()
        headers["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    if isinstance(exc, DomainError):  # Retry-After: the details' or the class's
        body = error_body(request, exc.code, exc.message, exc.details)
        given = exc.details if isinstance(exc.details, dict) else {}
        retry = given.get("retry_after", getattr(exc, "retry_after", None))
        if exc.status_code in (429, 503) and retry is not None:
            headers["Retry-After"] = str(max(1, int(retry)))
        return Response(body, status=exc.status_code, headers=headers)
    if isinstance(exc, DatabaseError):
        return None  # a genuine bug (integrity, programming): let it surface as a 500

    if not isinstance(exc, exceptions.APIException):
        return None
    code = next(
        (mapped for cls, mapped in _DRF_CODES if isinstance(exc, cls)),
        str(exc.default_code).upper(),
    )

    if isinstance(exc, exceptions.ValidationError):
        details = _validation_details(exc.detail)
        message = "Some fields are invalid."
        if (
            isinstance(exc.detail, dict) and list(exc.detail) == ["non_field_errors"]
        ) or isinstance(exc.detail, list):
            message = _first_message(exc.detail)
    elif isinstance(exc, exceptions.NotAuthenticated):
        message = "Authentication required"
    else:
        message = _first_message(exc.detail)

    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(max(1, math.ceil(wait)))
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    status_code = exc.status_code
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        status_code = status.HTTP_401_UNAUTHORIZED  # the SPA treats 401 as "logged out"
    body = error_body(request, code, message, details)
    return Response(body, status=status_code, headers=headers)


# --- pagination ------------------------------------------------------------------------------


def pagination_meta(page: int, limit: int, total: int) -> dict[str, Any]:
    """`meta.pagination` for one page; views that page by hand (id-first lists) use it too."""
    return {
        "page": page,
        "limit": limit,
        "total": total,
        "totalPages": max(1, math.ceil(total / limit)) if limit else 1,
        "hasNext": page * limit < total,
        "hasPrev": page > 1,
    }


# Past this, page * limit overflows nothing but no list is that long either.
MAX_PAGE_PARAM = 1_000_000


class PagePagination(BasePagination):
    """The one paginator: `page`/`limit` (or `offset`) in, the list under a named key with
    total/page/limit/totalPages out, `meta.pagination` beside it.

    DRF list views use it as their pagination class; hand-built lists call `paginate_queryset`
    themselves, with `rows_from` to page ids first, `total` when they counted already, and
    `list_counts()`/`page_response()` for the keys the pitch lists carry at the top level.
    """

    default_limit = 20
    max_limit = 100

    def __init__(self, results_key: str = "items") -> None:
        self.results_key = results_key
        self.page = 1
        self.limit = self.default_limit
        self.total = 0

    def read_params(self, request: Request) -> tuple[int, int]:
        errors: dict[str, list[str]] = {}
        page = self._int_param(request, "page", 1, errors)
        limit = self._int_param(request, "limit", self.default_limit, errors)
        if "offset" in request.query_params and "page" not in request.query_params:
            offset = self._int_param(request, "offset", 0, errors)
            page = offset // max(limit, 1) + 1
        if errors:
            raise exceptions.ValidationError(errors)
        return page, min(limit, self.max_limit)

    @staticmethod
    def _int_param(request: Request, name: str, default: int, errors: dict[str, list[str]]) -> int:
        raw = request.query_params.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(raw)
        except ValueError:
            errors[name] = ["Must be an integer."]
            return default
        if value < (0 if name == "offset" else 1):
            errors[name] = ["Must be a positive integer."]
        elif name != "limit" and value > MAX_PAGE_PARAM:
            errors[name] = [f"Must be at most {MAX_PAGE_PARAM}."]
            return default
        return value

    def paginate_queryset(
        self,
        queryset: Any,
        request: Request,
        view: APIView | None = None,
        *,
        total: int | None = None,
        rows_from: QuerySet[Any] | None = None,
    ) -> list[Any]:
        """One page of `queryset`. With `rows_from`, only the ordered ids are sliced and the page's
        rows are then loaded from `rows_from` (deep pages and ranked searches never sort wide
        rows, and an empty list costs no second query)."""
        self.page, self.limit = self.read_params(request)
        if total is None:
            total = queryset.count() if hasattr(queryset, "count") else len(queryset)
        self.total = total
        start = (self.page - 1) * self.limit
        if rows_from is None:
            return list(queryset[start : start + self.limit])
        if not self.total:
            return []
        ids = list(queryset.values_list("pk", flat=True)[start : start + self.limit])
        rows = rows_from.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def pagination_meta(self) -> dict[str, Any]:
        return pagination_meta(self.page, self.limit, self.total)

    def list_counts(self) -> dict[str, int]:
        """The counts pitch lists carry beside their items (`pageSize` and `totalPages` too)."""
        meta = self.pagination_meta()
        return {
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "page_size": self.limit,
            "total_pages": meta["totalPages"],
        }

    def page_response(self, data: dict[str, Any]) -> Response:
        """`flat_response(data)` with this page's `meta.pagination`."""
        response = flat_response(data)
        response.pagination = self.pagination_meta()  # type: ignore[attr-defined]
        return response

    def get_paginated_response(self, data: Any) -> Response:
        meta = self.pagination_meta()
        body = {
            self.results_key: data,
            **{k: meta[k] for k in ("total", "page", "limit", "totalPages")},
        }
        response = Response(body)
        response.pagination = meta  # type: ignore[attr-defined]
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                self.results_key: schema,
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "limit": {"type": "integer"},
                "totalPages": {"type": "integer"},
            },
        }
