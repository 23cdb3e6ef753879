"""Responses written around data rendered once: a page kept in a cache as JSON bytes is
answered in the API envelope without being parsed and rendered again."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from pitchey.api import camelize, meta_for


def rendered_data(data: Any) -> bytes:
    """`data` as `EnvelopeRenderer` writes it under the envelope's `data` (camelCase keys), to
    keep pre-rendered and answer many times with `prerendered_response`."""
    return JSONRenderer().render(camelize(data))


def prerendered_response(
    request: HttpRequest | Request,
    body: bytes,
    *,
    flat: bool = False,
    pagination: dict[str, Any] | None = None,
    top: dict[str, bytes] | None = None,
) -> HttpResponse:
    """The envelope `flat_response` (or a plain `Response`) gives for data rendered as `body`
    by `rendered_data`, written around it without parsing it again: the same bytes, with this
    request's `meta`. `flat` copies the data's keys to the top level (none of them may be
    `success`, `data` or `meta`); `top` adds rendered values under the given keys instead (as
    `flat_response(only=...)` does)."""
    extra = {} if pagination is None else {"pagination": pagination}
    parts = [b'{"success":true,"data":', body, b',"meta":']
    parts.append(json.dumps(meta_for(request, **extra), separators=(",", ":")).encode())
    if flat and len(body) > 2:
        parts += [b",", body[1:-1]]
    for key, value in (top or {}).items():
        parts += [b',"', key.encode(), b'":', value]
    parts.append(b"}")
    return HttpResponse(b"".join(parts), content_type="application/json")
