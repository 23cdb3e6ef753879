"""The Content-Security-Policy header: built once for every response that asks for nothing of
its own, and exactly what django-csp writes in every case."""

from __future__ import annotations

import pytest
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from pitchey.middleware import CSPMiddleware

pytestmark = pytest.mark.django_db


def _both(prepare=lambda request, response: None, path="/api/pitches"):
    """The headers our middleware and django-csp's write for the same request and response."""
    answers = []
    for middleware in (CSPMiddleware, DjangoCSPMiddleware):
        request = RequestFactory().get(path)
        response = HttpResponse("{}")
        instance = middleware(lambda r, response=response: response)
        instance.process_request(request)
        prepare(request, response)
        instance.process_response(request, response)
        answers.append(
            (
                response.get("Content-Security-Policy"),
                response.get("Content-Security-Policy-Report-Only"),
            )
        )
    return answers


def test_a_plain_response_gets_django_csps_policy():
    ours, theirs = _both()
    assert ours == theirs
    assert "default-src 'self'" in ours[0]


def test_a_per_view_change_and_a_nonce_go_through_django_csp():
    def update(request, response):
        response._csp_update = {"style-src": ["'unsafe-inline'"]}

    ours, theirs = _both(update)
    assert ours == theirs
    assert "'unsafe-inline'" in ours[0]

    def nonce(request, response):
        str(request.csp_nonce)

    ours, theirs = _both(nonce)  # (no directive asks for one here: the same policy)
    assert ours == theirs


def test_changed_settings_are_followed():
    policy = {"DIRECTIVES": {"default-src": ["'none'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        ours, theirs = _both()
    assert ours == theirs
    assert ours[0] == "default-src 'none'"
    ours, _ = _both()
    assert "default-src 'self'" in ours[0]


def test_a_nonce_asked_for_after_the_header_is_refused():
    request = RequestFactory().get("/api/pitches")
    response = HttpResponse("{}")
    middleware = CSPMiddleware(lambda r: response)
    middleware.process_request(request)
    middleware.process_response(request, response)
    with pytest.raises(Exception, match="not available after the CSP header"):
        str(request.csp_nonce)
