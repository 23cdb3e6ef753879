"""Pages every portal shares: the calendar with meetings (ask, accept, decline, propose), and
the public ICS feed behind a user's secret URL."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from pitches import selectors as pitch_selectors
from pitchey.api import request_user
from pitchey.errors import DomainError
from pitchey.forms import show_as_message, show_on_form
from production import selectors, services
from production.forms import EventForm, MeetingForm, ProposeForm


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


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    event_form = EventForm(request.POST if request.POST.get("form") == "event" else None)
    meeting_form = MeetingForm(request.POST if request.POST.get("form") == "meeting" else None)
    if request.method == "POST":
        done = _add(request, user, event_form, meeting_form)
        if done:
            return redirect("production:calendar")
    feed = services.feed_for(user)
    context: dict[str, Any] = {
        "events": list(selectors.events_of(user)[:200]),
        "meetings": list(selectors.meetings_of(user)[:100]),
        "event_form": event_form,
        "meeting_form": meeting_form,
        # One per proposed meeting on the page: no ids, the widget carries its label.
        "propose_form": ProposeForm(auto_id=False),
        "can_ask": user.user_type in ("investor", "production"),
        "feed_url": request.build_absolute_uri(f"/calendar/{feed.token}.ics"),
    }
    return render(request, "production/calendar.html", context)


def _add(request: HttpRequest, user: User, event_form: Any, meeting_form: Any) -> bool:
    try:
        if request.POST.get("form") == "event" and event_form.is_valid():
            services.create_event(owner=user, **event_form.cleaned_data)
            messages.success(request, "The event is in your calendar.")
            return True
        if request.POST.get("form") == "meeting" and meeting_form.is_valid():
            data = meeting_form.cleaned_data
            creator = selectors.creator_by_username(user, data["creator"])
            if creator is None:
                meeting_form.add_error("creator", "No creator has this username.")
                return False
            pitch = (
                pitch_selectors.visible_pitch_or_404(user, data["pitch"]) if data["pitch"] else None
            )
            services.request_meeting(
                requester=user,
                creator=creator,
                pitch=pitch,
                times=[t for t in (data["first_time"], data["second_time"]) if t],
                meeting_type=data["meeting_type"],
                duration=data["duration"],
                message=data["message"],
            )
            messages.success(request, f"{creator.display_name} was asked to meet.")
            return True
    except DomainError as exc:
        show_on_form(event_form if request.POST.get("form") == "event" else meeting_form, exc)
    return False


@login_required
@require_POST
def answer_meeting(request: HttpRequest, meeting_id: int, action: str) -> HttpResponse:
    user = request_user(request)
    meeting = selectors.meeting_or_404(user, meeting_id)
    try:
        if action == "accept":
            services.accept_meeting(meeting=meeting, actor=user)
            messages.success(request, "Meeting accepted: it is in both calendars.")
        elif action == "decline":
            services.decline_meeting(
                meeting=meeting, actor=user, reason=request.POST.get("reason", "")
            )
            messages.success(request, "Meeting declined.")
        elif action == "propose":
            form = ProposeForm(request.POST)
            if not form.is_valid():
                raise DomainError("Choose another time.")
            services.propose_times(meeting=meeting, actor=user, times=[form.cleaned_data["time"]])
            messages.success(request, "Your time was proposed.")
        elif action == "cancel":
            services.cancel_meeting(meeting=meeting, actor=user)
            messages.success(request, "Meeting cancelled.")
        else:
            raise Http404
    except DomainError as exc:
        show_as_message(request, exc)
    return redirect("production:calendar")
