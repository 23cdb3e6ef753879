"""The URLconf lists the health probes and the API first, ahead of more than 500 page patterns
(Django tries patterns in order, so every API request used to walk them all). That is only safe
while no page pattern can match a path under api/ or health: this test holds it so."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, resolve

FAST = ("health", "health/live", "health/ready", "api/schema/", "api/docs/", "api/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route, pattern


def test_the_fast_paths_come_first():
    top = [str(pattern.pattern) for pattern in get_resolver().url_patterns]
    assert tuple(top[: len(FAST)]) == FAST


def test_no_page_pattern_can_answer_an_api_or_health_path():
    rest = get_resolver().url_patterns[len(FAST) :]
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
