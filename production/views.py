"""The public ICS feed behind a user's secret URL."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from production import selectors


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's calendar as iCalendar, for any calendar app; the secret URL is the key."""
    owner = selectors.feed_owner(token)
    if owner is None:
        raise Http404
    response = HttpResponse(
        selectors.ics_for(owner, host=request.get_host()), content_type="text/calendar"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response
