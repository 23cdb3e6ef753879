"""The URLconf behind a cache of resolved paths.

Django resolves a path by trying its patterns in order, which for an API path here meant
dozens of regular expressions and, for every include that did not match, a list of what was
tried (kept for the debug 404 page): 60 to 120 microseconds a request, about a sixth of a
cached marketplace page's CPU. The same path always resolves to the same view with the same
arguments (the URLconf does not change while a process runs), so successful resolutions are
kept, per process, for the most recent `MAX_PATHS` paths; a path that does not resolve is
tried afresh every time (its 404 is not kept).

The root resolver still wraps each kept match in a new `ResolverMatch` per request, so no
request sees another's match object.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.urls import ResolverMatch, URLPattern, URLResolver
from django.urls.resolvers import RoutePattern

MAX_PATHS = 4096


class CachedResolver(URLResolver):
    """`patterns` as `path("", include(patterns))` would include them, resolved through a
    per-process cache of paths."""

    def __init__(self, patterns: Sequence[URLPattern | URLResolver]) -> None:
        super().__init__(RoutePattern(""), list(patterns))
        self._resolve_cached = functools.lru_cache(maxsize=MAX_PATHS)(super().resolve)

    def resolve(self, path: Any) -> ResolverMatch:
        return self._resolve_cached(str(path))
