"""Reads of open calls and submissions: the company's board with counts per status, the
creator's own submissions, the calls anyone may browse. Fixed query counts at any size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from production.models import OpenCall, Submission

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def board(user: User | AnonymousUser, *, status: str = "") -> QuerySet[Submission]:
    """Submissions to `user`'s company, newest first, optionally in one status."""
    rows = Submission.objects.received_by(user).for_display()
    return rows.filter(status=status) if status else rows


def status_counts(user: User | AnonymousUser) -> dict[str, int]:
    """How many of the company's submissions are in each status (one query), and the total."""
    found = dict(
        Submission.objects.received_by(user)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    counts = {status: found.get(status, 0) for status in Submission.Status.values}
    return {**counts, "total": sum(counts.values())}


def submission_for_pitch_or_404(user: User | AnonymousUser, pitch_id: int) -> Submission:
    """The submission of `pitch_id` to `user`'s company; anyone else's is a 404."""
    return get_object_or_404(Submission.objects.received_by(user).for_display(), pitch_id=pitch_id)


def received_submission_or_404(user: User | AnonymousUser, submission_id: int) -> Submission:
    return get_object_or_404(Submission.objects.received_by(user).for_display(), pk=submission_id)


def made_submission_or_404(user: User | AnonymousUser, submission_id: int) -> Submission:
    return get_object_or_404(Submission.objects.made_by(user).for_display(), pk=submission_id)


def my_submissions(user: User | AnonymousUser) -> QuerySet[Submission]:
    """What the creator submitted, with where each stands, newest first."""
    return Submission.objects.made_by(user).for_display()


def listed_calls(*, genre: str = "", search: str = "") -> QuerySet[OpenCall]:
    """Calls accepting submissions, nearest deadline first."""
    rows = OpenCall.objects.listed().for_display()
    if genre:
        rows = rows.filter(Q(genres__contains=[genre]) | Q(genres=[]))
    if search:
        rows = rows.filter(Q(title__icontains=search) | Q(description__icontains=search))
    return rows.order_by("deadline", "id")


def own_calls(user: User | AnonymousUser) -> QuerySet[OpenCall]:
    return OpenCall.objects.owned_by(user).for_display().order_by("-created_at", "-id")


def call_or_404(user: User | AnonymousUser, call_id: int) -> OpenCall:
    """A call `user` may open: any listed call, or one of their own (closed ones too)."""
    visible = OpenCall.objects.listed()
    if user.is_authenticated:
        visible = visible | OpenCall.objects.owned_by(user)
    return get_object_or_404(visible.for_display(), pk=call_id)


def own_call_or_404(user: User | AnonymousUser, call_id: int) -> OpenCall:
    return get_object_or_404(OpenCall.objects.owned_by(user).for_display(), pk=call_id)


def call_submissions(call: OpenCall) -> QuerySet[Submission]:
    return Submission.objects.filter(call=call).select_related("pitch", "creator", "company")


def open_call_summary(user_id: int) -> dict[str, Any]:
    """The company's calls for its dashboard: how many are open and their submissions."""
    rows = list(
        OpenCall.objects.filter(company_id=user_id)
        .order_by("-created_at")
        .values("id", "title", "status", "deadline", "submission_count", "quota")[:5]
    )
    open_count = OpenCall.objects.filter(company_id=user_id).accepting().count()
    return {
        "open": open_count,
        "engagement": [
            {**row, "submissions": row["submission_count"], "places_left": _left(row)}
            for row in rows
        ],
    }


def _left(row: Any) -> int | None:
    return None if row["quota"] is None else max(0, row["quota"] - row["submission_count"])
