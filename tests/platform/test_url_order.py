"""The URLconf lists the health probes and the API first, ahead of more than 500 page patterns
(Django tries patterns in order, so every API request used to walk them all). That is only safe
while no page pattern can match a path under api/ or health: this test holds it so."""

from __future__ import annotations

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

FAST = ("health", "health/live", "health/ready", "api/schema/", "api/docs/", "api/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route, pattern


def _patterns():
    """The URLconf's patterns, inside the one cached resolver that holds them."""
    (holder,) = get_resolver().url_patterns
    return holder.url_patterns


def test_the_fast_paths_come_first():
    top = [str(pattern.pattern) for pattern in _patterns()]
    assert tuple(top[: len(FAST)]) == FAST


def test_no_page_pattern_can_answer_an_api_or_health_path():
    rest = _patterns()[len(FAST) :]
    offenders = []
    for top in rest:
        routes = _routes([top]) if isinstance(top, URLResolver) else [(str(top.pattern), top)]
        for route, pattern in routes:
            assert isinstance(pattern, URLPattern)
            plain = route.lstrip("^")
            # A route that starts with a converter or a regex group could match anything.
            if plain.startswith(("api", "health", "<", "(", "[", ".")):
                offenders.append(route)
    # Only the JSON 404 for unknown API paths, which comes after the API on purpose.
    assert offenders == ["^api/"]


def test_paths_resolve_to_the_same_views_as_before():
    assert resolve("/api/pitches").url_name is not None
    assert resolve("/health/live").func.__name__ == "live"
    assert resolve("/api/no-such-thing").func.__name__ == "api_not_found"
    assert resolve("/login/").url_name == "login"
    assert resolve("/admin/").namespaces == ["admin"]


def test_a_kept_resolution_is_a_new_match_each_time_and_404s_are_not_kept():
    first, second = resolve("/api/pitches/12"), resolve("/api/pitches/12")
    assert first is not second
    assert first.kwargs == second.kwargs == {"key": "12"}
    assert first.kwargs is not second.kwargs
    (holder,) = get_resolver().url_patterns
    before = holder._resolve_cached.cache_info().currsize
    with pytest.raises(Resolver404):
        resolve("/no/such/page/anywhere")
    assert holder._resolve_cached.cache_info().currsize == before
