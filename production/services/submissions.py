"""Submissions: a creator puts a published pitch before a company (through an open call or
directly); the company moves it through new -> review -> shortlisted -> accepted/rejected ->
archived, one at a time or in bulk, and the creator sees where it stands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from analytics.services import record_activity
from messaging import NotificationKind
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError
from production.models import OpenCall, Submission
from production.services.common import invalid, notify_after_commit

if TYPE_CHECKING:
    from accounts.models import User
    from pitches.models import Pitch

S = Submission.Status
# Where each status may move next (archived submissions can be brought back to review).
MOVES: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.REVIEW, S.SHORTLISTED, S.ACCEPTED, S.REJECTED, S.ARCHIVED}),
    S.REVIEW: frozenset({S.NEW, S.SHORTLISTED, S.ACCEPTED, S.REJECTED, S.ARCHIVED}),
    S.SHORTLISTED: frozenset({S.REVIEW, S.ACCEPTED, S.REJECTED, S.ARCHIVED}),
    S.ACCEPTED: frozenset({S.SHORTLISTED, S.ARCHIVED}),
    S.REJECTED: frozenset({S.REVIEW, S.ARCHIVED}),
    S.ARCHIVED: frozenset({S.REVIEW}),
}
# The SPA's page names and older spellings.
ALIASES = {
    "reviewing": S.REVIEW,
    "in_review": S.REVIEW,
    "under_review": S.REVIEW,
    "archive": S.ARCHIVED,
    "pending": S.NEW,
    "submitted": S.NEW,
    "approved": S.ACCEPTED,
    "declined": S.REJECTED,
}
TOLD: dict[str, str] = {
    S.REVIEW: "is being reviewed by",
    S.SHORTLISTED: "was shortlisted by",
    S.ACCEPTED: "was accepted by",
    S.REJECTED: "was declined by",
}
BULK_LIMIT = 200


def parse_status(value: str) -> str:
    """A status from the SPA's spellings; anything else is a 400 on `status`."""
    status = ALIASES.get(value.strip().lower(), value.strip().lower())
    if status not in S.values:
        raise invalid("status", "new, review, shortlisted, accepted, rejected or archived.")
    return status


def _ensure_submittable(creator: User, pitch: Pitch, company: User) -> None:
    if pitch.owner_id != creator.pk:
        raise NotAllowed("You can only submit your own pitches.")
    if pitch.status != "published":
        raise DomainError(
            "Publish the pitch before submitting it.",
            code="VALIDATION_ERROR",
            details={"pitch_id": ["The pitch is not published."]},
        )
    if company.pk == creator.pk:
        raise NotAllowed("You cannot submit a pitch to yourself.")
    if getattr(company, "user_type", "") != "production" or not company.is_active:
        raise invalid("company_id", "Pitches go to production companies.")


def _create(
    *, creator: User, pitch: Pitch, company: User, call: OpenCall | None, message: str
) -> Submission:
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                company=company,
                pitch=pitch,
                creator=creator,
                call=call,
                message=message.strip()[:2000],
            )
    except IntegrityError:
        raise Conflict("This pitch was already submitted to this company.") from None
    record_activity(
        submission,
        "production.submission.created",
        actor=creator,
        data={"pitch": pitch.pk, "call": call.pk if call else None},
    )
    where = f" for “{call.title}”" if call else ""
    notify_after_commit(
        company.pk,
        NotificationKind.SUBMISSION_RECEIVED,
        f"New submission{where}: “{pitch.title}”",
        body=message.strip()[:200],
        link="/production/submissions/",
        data={"submission_id": submission.pk, "pitch_id": pitch.pk},
    )
    return submission


@transaction.atomic
def submit_to_call(*, creator: User, call: OpenCall, pitch: Pitch, message: str = "") -> Submission:
    """Answer an open call with one of the creator's published pitches: before its deadline and
    within its quota, which hold under concurrent submissions (the call's row is locked)."""
    locked = OpenCall.objects.select_for_update().select_related("company").get(pk=call.pk)
    _ensure_submittable(creator, pitch, locked.company)
    if not locked.is_accepting:
        raise Conflict("This call is closed to submissions.")
    if locked.quota is not None and locked.submission_count >= locked.quota:
        raise Conflict("This call has received all the submissions it takes.")
    submission = _create(
        creator=creator, pitch=pitch, company=locked.company, call=locked, message=message
    )
    OpenCall.objects.filter(pk=locked.pk).update(submission_count=F("submission_count") + 1)
    return submission


@transaction.atomic
def submit_to_company(
    *, creator: User, company: User, pitch: Pitch, message: str = ""
) -> Submission:
    """Put one of the creator's published pitches before a company directly."""
    _ensure_submittable(creator, pitch, company)
    return _create(creator=creator, pitch=pitch, company=company, call=None, message=message)


def _move_locked(submission: Submission, status: str, actor: User) -> bool:
    """Apply one move to a locked row; False when it is already there."""
    if submission.status == status:
        return False
    if status not in MOVES[submission.status]:
        raise DomainError(
            f"A submission that is {submission.status} cannot move to {status}.",
            code="VALIDATION_ERROR",
            details={"status": [f"Not allowed from {submission.status}."]},
        )
    before = submission.status
    submission.status = status
    submission.status_changed_at = timezone.now()
    record_activity(
        submission,
        "production.submission.moved",
        actor=actor,
        data={"from": before, "to": status},
    )
    if status in TOLD:
        name = actor.company_name or actor.display_name
        notify_after_commit(
            submission.creator_id,
            NotificationKind.SUBMISSION_UPDATE,
            f"“{submission.pitch.title}” {TOLD[status]} {name}",
            link="/submissions/",
            data={"submission_id": submission.pk, "status": status},
        )
    return True


@transaction.atomic
def move_submission(
    *, submission: Submission, actor: User, status: str, notes: str | None = None
) -> Submission:
    """The company moves its own submission (and may keep notes on it)."""
    if submission.company_id != actor.pk:
        raise NotAllowed("Only the company it was submitted to can move it.")
    status = parse_status(status)
    locked = Submission.objects.select_for_update().select_related("pitch").get(pk=submission.pk)
    changed = _move_locked(locked, status, actor)
    fields = ["status", "status_changed_at"] if changed else []
    if notes is not None:
        locked.notes = notes.strip()[:5000]
        fields.append("notes")
    if fields:
        locked.save(update_fields=fields)
    return locked


@transaction.atomic
def bulk_move(*, company: User, submission_ids: Sequence[int], status: str) -> list[Submission]:
    """Move several of the company's submissions at once; all move or none (a refused move
    names the submission)."""
    status = parse_status(status)
    ids = sorted(set(submission_ids))
    if not ids or len(ids) > BULK_LIMIT:
        raise invalid("ids", f"Give 1 to {BULK_LIMIT} submissions.")
    rows = list(
        Submission.objects.select_for_update()
        .filter(company=company, pk__in=ids)
        .select_related("pitch")
        .order_by("pk")
    )
    if len(rows) != len(ids):
        raise NotFoundError("Some of these are not submissions to your company.")
    moved = [row for row in rows if _move_locked(row, status, company)]
    Submission.objects.bulk_update(moved, ["status", "status_changed_at"])
    return moved


@transaction.atomic
def withdraw_submission(*, submission: Submission, actor: User) -> None:
    """The creator takes back a submission the company has not decided on yet."""
    if submission.creator_id != actor.pk:
        raise NotAllowed("Only the creator who submitted it can withdraw it.")
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status not in (S.NEW, S.REVIEW):
        raise Conflict("The company has already decided on this submission.")
    if locked.call_id:
        OpenCall.objects.filter(pk=locked.call_id).update(
            submission_count=F("submission_count") - 1
        )
    record_activity(locked, "production.submission.withdrawn", actor=actor)
    locked.delete()
