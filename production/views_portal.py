"""The production company's pages: review queue and review form, submissions board, open calls
with their submissions, team, verification."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.decorators import portal_required
from pitchey.api import request_user
from pitchey.errors import DomainError
from pitchey.forms import show_as_message, show_on_form
from production import selectors, services
from production.forms import (
    CallForm,
    DocumentForm,
    InviteForm,
    JoinForm,
    MoveForm,
    ReviewForm,
    TeamForm,
    VerificationForm,
)
from production.models import Submission

company_page = portal_required("production")
PAGE_ROWS = 100


@company_page
def queue(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    rows = [selectors.queue_item(p) for p in selectors.review_queue(user)[:PAGE_ROWS]]
    reviews = list(selectors.reviews_by(user)[:20])
    return render(request, "production/queue.html", {"rows": rows, "reviews": reviews})


@company_page
def review(request: HttpRequest, pitch_id: int) -> HttpResponse:
    user = request_user(request)
    pitch = selectors.queued_pitch_or_404(user, pitch_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_review(company=user, pitch=pitch, **form.cleaned_data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"Your review of “{pitch.title}” was sent to its creator.")
            return redirect("production:queue")
    return render(request, "production/review.html", {"pitch": pitch, "form": form})


@company_page
def submissions(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    status = request.GET.get("status", "")
    if status not in Submission.Status.values:
        status = ""
    if request.method == "POST":
        _move(request, user)
        return redirect(request.get_full_path())
    rows = list(selectors.board(user, status=status)[:PAGE_ROWS])
    counts = selectors.status_counts(user)
    return render(
        request,
        "production/submissions.html",
        {
            "rows": rows,
            "status": status,
            "counts": counts,
            "tabs": [(v, label, counts[v]) for v, label in Submission.Status.choices],
            "statuses": Submission.Status.choices,
        },
    )


def _move(request: HttpRequest, user: Any) -> None:
    form = MoveForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit() and len(i) < 10]
    if not form.is_valid() or not ids:
        messages.error(request, "Choose submissions and a status.")
        return
    try:
        moved = services.bulk_move(
            company=user, submission_ids=ids, status=form.cleaned_data["status"]
        )
    except DomainError as exc:
        show_as_message(request, exc)
    else:
        messages.success(request, f"{len(moved)} submission(s) moved.")


@company_page
def calls(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(company=user, fields=form.fields_for_service())
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "Your call is open; matching creators are being told.")
            return redirect("production:call", call.pk)
    rows = list(selectors.own_calls(user)[:PAGE_ROWS])
    return render(request, "production/calls.html", {"calls": rows, "form": form})


@company_page
def call(request: HttpRequest, call_id: int) -> HttpResponse:
    user = request_user(request)
    row = selectors.own_call_or_404(user, call_id)
    if request.method == "POST":
        if request.POST.get("close"):
            try:
                services.update_call(call=row, actor=user, fields={"status": "closed"})
            except DomainError as exc:
                show_as_message(request, exc)
        else:
            _move(request, user)
        return redirect("production:call", row.pk)
    received = list(selectors.call_submissions(row)[:PAGE_ROWS])
    return render(
        request,
        "production/call.html",
        {"call": row, "rows": received, "statuses": Submission.Status.choices},
    )


@company_page
def team(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    forms = {
        "team": TeamForm(request.POST if request.POST.get("form") == "team" else None),
        "invite": InviteForm(request.POST if request.POST.get("form") == "invite" else None),
        "join": JoinForm(request.POST if request.POST.get("form") == "join" else None),
    }
    if request.method == "POST" and _team_action(request, user, forms):
        return redirect("production:team")
    teams = list(selectors.my_teams(user))
    members = {t.pk: list(selectors.members_of(t)) for t in teams}
    return render(
        request,
        "production/team.html",
        {
            "teams": teams,
            "members": members,
            "forms": forms,
            "invites": selectors.invites_for(user),
        },
    )


def _team_action(request: HttpRequest, user: Any, forms: dict[str, Any]) -> bool:
    which = request.POST.get("form", "")
    try:
        if which == "code":
            services.rotate_join_code(
                team=selectors.team_or_404(user, int(request.POST.get("team", 0) or 0)), actor=user
            )
        elif which in forms and forms[which].is_valid():
            data = forms[which].cleaned_data
            if which == "team":
                services.create_team(owner=user, **data)
            elif which == "join":
                services.join_team(user=user, code=data["code"])
            else:
                target = selectors.team_or_404(user, int(request.POST.get("team", 0) or 0))
                services.invite_to_team(team=target, actor=user, **data)
        else:
            return False
    except DomainError as exc:
        if which in forms:
            show_on_form(forms[which], exc)
            return False
        show_as_message(request, exc)
    else:
        messages.success(request, "Done.")
    return True


@company_page
def verification(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    latest = selectors.latest_verification(user)
    initial = {
        "company_name": latest.company_name if latest else user.company_name,
        "region": latest.region if latest else "UK",
        "registration_number": latest.registration_number if latest else "",
        "website": latest.website if latest else user.company_website,
    }
    details = VerificationForm(
        request.POST if "company_name" in request.POST else None, initial=initial
    )
    document = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        try:
            if "company_name" in request.POST and details.is_valid():
                services.submit_verification(company=user, **details.cleaned_data)
            elif request.FILES and document.is_valid():
                upload = document.cleaned_data["document"]
                services.attach_document(
                    company=user, fileobj=upload, name=upload.name or "", size=upload.size or 0
                )
            else:
                raise DomainError("Fill in the details or choose a file.")
        except DomainError as exc:
            show_as_message(request, exc)
        else:
            messages.success(request, "Saved: the automatic checks ran.")
            return redirect("production:verification")
    return render(
        request,
        "production/verification.html",
        {"latest": latest, "details": details, "document": document},
    )
