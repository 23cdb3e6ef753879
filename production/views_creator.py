"""The creator's side of the production portal: open calls to answer, where each submission
stands, the reviews companies wrote."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.decorators import creator_required
from pitches.models import Pitch
from pitchey.api import request_user, request_viewer
from pitchey.errors import DomainError
from pitchey.forms import show_on_form
from production import selectors, services
from production.forms import SubmitToCallForm


@require_GET
def calls(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.listed_calls(genre=request.GET.get("genre", "")[:50])[:100])
    return render(request, "production/open_calls.html", {"calls": rows})


def call(request: HttpRequest, call_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    row = selectors.call_or_404(viewer, call_id)
    form = None
    if viewer.is_authenticated and getattr(viewer, "user_type", "") == "creator":
        mine = Pitch.objects.owned_by(viewer).published().order_by("title")
        form = SubmitToCallForm(request.POST or None, pitches=[(p.pk, p.title) for p in mine])
        if request.method == "POST" and form.is_valid():
            pitch = mine.get(pk=form.cleaned_data["pitch"])
            try:
                services.submit_to_call(
                    creator=request_user(request),
                    call=row,
                    pitch=pitch,
                    message=form.cleaned_data["message"],
                )
            except DomainError as exc:
                show_on_form(form, exc, field="pitch")
            else:
                messages.success(request, f"“{pitch.title}” was submitted.")
                return redirect("production:my-submissions")
    return render(request, "production/open_call.html", {"call": row, "form": form})


@creator_required
@require_GET
def my_submissions(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.my_submissions(request_user(request))[:200])
    return render(request, "production/my_submissions.html", {"rows": rows})


@login_required
@require_GET
def my_reviews(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.reviews_received(request_user(request))[:200])
    return render(request, "production/my_reviews.html", {"rows": rows})
