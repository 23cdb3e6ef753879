"""Every state change of ratings, feedback, comments and reading time. Each one locks what two
people could race on, writes the audit log, and sends notifications and live events on commit."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone

from analytics import track
from analytics.services import record_activity
from messaging import services as messaging
from messaging.kinds import NotificationKind
from pitches.engagement import events, scores, text
from pitches.engagement.models import (
    PitchComment,
    PitchConsumption,
    PitchFeedback,
    PitchRating,
)
from pitches.models import Pitch
from pitchey.errors import Conflict, DomainError, NotAllowed
from pitchey.ratelimit import hit_rate_limit, parse_rate

if TYPE_CHECKING:
    from accounts.models import User

CONSUMPTION_THRESHOLD_SECONDS = 30
# A gap between two requests longer than this counts only this much: a tab left open or a
# visitor who left and came back does not pile up reading time.
MAX_CREDIT_SECONDS = 120


class NotConsumed(NotAllowed):
    code = "CONSUMPTION_REQUIRED"


def _published(pitch: Pitch) -> None:
    if pitch.status != Pitch.Status.PUBLISHED:
        raise DomainError("Only published pitches take ratings, feedback and comments.")


def _not_own(pitch: Pitch, user: User | None, what: str) -> None:
    if user is not None and pitch.owner_id == user.pk:
        raise NotAllowed(f"You cannot {what} your own pitch.")


def _on_commit_engagement(pitch: Pitch, kind: str) -> None:
    pitch_id = pitch.pk
    transaction.on_commit(lambda: events.engagement_changed(pitch_id=pitch_id, kind=kind))


# --- reading time -------------------------------------------------------------------------------


_TOUCH = """
    INSERT INTO pitch_consumption AS kept
        (pitch_id, viewer_id, seconds, first_seen_at, last_seen_at)
    VALUES (%(pitch)s, %(viewer)s, 0, %(now)s, %(now)s)
    ON CONFLICT (pitch_id, viewer_id) DO UPDATE SET
        seconds = kept.seconds + LEAST(
            %(cap)s,
            GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (%(now)s - kept.last_seen_at))))::integer
        ),
        last_seen_at = %(now)s
    RETURNING id, pitch_id, viewer_id, seconds, first_seen_at, last_seen_at
"""


def touch_consumption(*, pitch: Pitch, viewer: User) -> PitchConsumption:
    """Add the server-clock time since the viewer's previous request on `pitch` (each gap
    counted up to MAX_CREDIT_SECONDS); the first request starts the clock at zero. One
    statement: an insert that adds the gap to the existing row instead (concurrent requests
    each add their own gap, in turn)."""
    now = timezone.now()
    params = {"pitch": pitch.pk, "viewer": viewer.pk, "now": now, "cap": MAX_CREDIT_SECONDS}
    return next(iter(PitchConsumption.objects.raw(_TOUCH, params)))


def consumption_status(*, pitch: Pitch, viewer: User) -> dict[str, Any]:
    """Whether the viewer has spent long enough on the pitch to leave feedback (a request in
    itself, so it moves the clock)."""
    if pitch.owner_id == viewer.pk:
        seconds = 0
    else:
        seconds = touch_consumption(pitch=pitch, viewer=viewer).seconds
    return {
        "eligible": seconds >= CONSUMPTION_THRESHOLD_SECONDS,
        "view_duration": seconds,
        "threshold": CONSUMPTION_THRESHOLD_SECONDS,
    }


# --- ratings ------------------------------------------------------------------------------------


def _refresh_score(pitch: Pitch) -> None:
    product = ExpressionWrapper(
        F("score") * F("weight"), output_field=DecimalField(max_digits=8, decimal_places=2)
    )
    totals = PitchRating.objects.filter(pitch=pitch).aggregate(
        weighted=Sum(product), weights=Sum("weight"), count=Count("pk")
    )
    weighted = totals["weighted"] or Decimal(0)
    weight = totals["weights"] or Decimal(0)
    pitch.rating_average = scores.bayesian(weighted, weight)
    pitch.rating_count = totals["count"] or 0
    pitch.save(update_fields=["rating_average", "rating_count"])


@transaction.atomic
def rate_pitch(
    *, pitch: Pitch, rater: User | None, score: int, anonymous_key: str = ""
) -> PitchRating:
    """Record or change the rater's 1-10 rating (a visitor is known by `anonymous_key`) and
    recompute the pitch's Pitchey Score; nobody rates their own pitch."""
    if not 1 <= int(score) <= 10:
        raise DomainError("A rating is a whole number from 1 to 10.", details={"rating": ["1-10"]})
    _not_own(pitch, rater, "rate")
    if rater is None and not anonymous_key:
        raise DomainError("A visitor's rating needs their address.")
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    _published(pitch)
    role = scores.role_of(rater)
    identity: dict[str, Any] = {"rater": rater} if rater else {"anonymous_key": anonymous_key}
    rating, _ = PitchRating.objects.update_or_create(
        pitch=pitch,
        **identity,
        defaults={
            "score": int(score),
            "role": role,
            "weight": scores.weight_for(role),
            "updated_at": timezone.now(),
        },
    )
    _refresh_score(pitch)
    record_activity(rating, "pitches.rating.set", actor=rater, data={"score": int(score)})
    track(
        "pitch_rating",
        user_id=getattr(rater, "pk", None),
        pitch_id=pitch.pk,
        creator_id=pitch.owner_id,
    )
    _on_commit_engagement(pitch, "rating")
    return rating


@transaction.atomic
def remove_rating(*, rating: PitchRating, actor: User) -> None:
    """Staff remove a rating (spam, abuse) and the pitch's score is recomputed."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can remove someone's rating.")
    pitch = Pitch.objects.select_for_update().get(pk=rating.pitch_id)
    record_activity(rating, "pitches.rating.removed", actor=actor, data={"score": rating.score})
    rating.delete()
    _refresh_score(pitch)
    _on_commit_engagement(pitch, "rating")


# --- feedback -----------------------------------------------------------------------------------

FEEDBACK_LISTS = ("strengths", "weaknesses", "suggestions")


def _feedback_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {
        name: text.clean_items(fields.get(name) or []) for name in FEEDBACK_LISTS
    }
    cleaned["overall"] = text.plain_text(fields.get("overall") or "")[:2000]
    cleaned["is_interested"] = bool(fields.get("is_interested", False))
    cleaned["is_anonymous"] = bool(fields.get("is_anonymous", False))
    return cleaned


def _require_content(cleaned: dict[str, Any], rating: int | None) -> None:
    if rating is None and not cleaned["overall"] and not any(cleaned[n] for n in FEEDBACK_LISTS):
        raise DomainError(
            "Give a rating or at least one strength, weakness, suggestion or comment.",
            code="VALIDATION_ERROR",
            details={"strengths": ["Give at least one piece of feedback."]},
        )


def _check_consumed(pitch: Pitch, author: User) -> None:
    seconds = touch_consumption(pitch=pitch, viewer=author).seconds
    if seconds < CONSUMPTION_THRESHOLD_SECONDS:
        raise NotConsumed(
            f"Spend at least {CONSUMPTION_THRESHOLD_SECONDS} seconds on the pitch before "
            "leaving feedback.",
            details={"view_duration": seconds, "threshold": CONSUMPTION_THRESHOLD_SECONDS},
        )


@transaction.atomic
def submit_feedback(
    *, pitch: Pitch, author: User, fields: dict[str, Any], rating: int | None = None
) -> PitchFeedback:
    """Leave structured feedback (and optionally the author's rating) once the author has spent
    30 seconds on the pitch by the server's clock; one per author and pitch."""
    _not_own(pitch, author, "review")
    _published(pitch)
    if author.user_type == "viewer":
        raise NotAllowed("Watchers can rate a pitch but not leave structured feedback.")
    cleaned = _feedback_fields(fields)
    _require_content(cleaned, rating)
    _check_consumed(pitch, author)
    if PitchFeedback.objects.filter(pitch=pitch, author=author).exists():
        raise Conflict("You already left feedback on this pitch; edit it instead.")
    feedback = PitchFeedback.objects.create(
        pitch=pitch, author=author, author_role=scores.role_of(author), **cleaned
    )
    if rating is not None:
        rate_pitch(pitch=pitch, rater=author, score=rating)
    record_activity(feedback, "pitches.feedback.created", actor=author)
    # An anonymous reviewer stays anonymous in the creator's activity feed too.
    track(
        "pitch_feedback",
        user_id=None if feedback.is_anonymous else author.pk,
        pitch_id=pitch.pk,
        creator_id=pitch.owner_id,
    )
    _notify_feedback(pitch, feedback)
    _on_commit_engagement(pitch, "feedback")
    return feedback


def _notify_feedback(pitch: Pitch, feedback: PitchFeedback) -> None:
    who = "Someone" if feedback.is_anonymous else feedback.author.display_name
    messaging.notify(
        recipient=pitch.owner_id,
        kind=NotificationKind.PITCH_FEEDBACK,
        title=f"New feedback on “{pitch.title}”",
        body=f"{who} left feedback on your pitch.",
        link=f"/creator/pitches/{pitch.pk}/feedback/",
        data={"pitch_id": pitch.pk, "feedback_id": feedback.pk},
    )


@transaction.atomic
def update_feedback(
    *, feedback: PitchFeedback, actor: User, fields: dict[str, Any], rating: int | None = None
) -> PitchFeedback:
    """The author edits their feedback (and optionally their rating)."""
    if feedback.author_id != actor.pk:
        raise NotAllowed("Only its author can edit feedback.")
    feedback = PitchFeedback.objects.select_for_update().get(pk=feedback.pk)
    cleaned = _feedback_fields({**_current_fields(feedback), **fields})
    _require_content(cleaned, rating)
    for name, value in cleaned.items():
        setattr(feedback, name, value)
    feedback.updated_at = timezone.now()
    feedback.save(update_fields=[*cleaned, "updated_at"])
    if rating is not None:
        rate_pitch(pitch=feedback.pitch, rater=actor, score=rating)
    record_activity(feedback, "pitches.feedback.updated", actor=actor)
    _on_commit_engagement(feedback.pitch, "feedback")
    return feedback


def _current_fields(feedback: PitchFeedback) -> dict[str, Any]:
    return {
        name: getattr(feedback, name)
        for name in (*FEEDBACK_LISTS, "overall", "is_interested", "is_anonymous")
    }


@transaction.atomic
def delete_feedback(*, feedback: PitchFeedback, actor: User) -> None:
    """The author (or staff, moderating) deletes feedback; the author's rating stays."""
    if feedback.author_id != actor.pk and not actor.is_staff:
        raise NotAllowed("Only its author can delete feedback.")
    record_activity(feedback, "pitches.feedback.deleted", actor=actor)
    pitch = feedback.pitch
    feedback.delete()
    _on_commit_engagement(pitch, "feedback")


# --- comments -----------------------------------------------------------------------------------


def _check_comment_rate(user: User) -> None:
    for name, default in (("COMMENT_RATE_LIMIT", "5/minute"), ("COMMENT_DAILY_LIMIT", "100/day")):
        limit, window = parse_rate(getattr(settings, name, default))
        allowed, _, reset = hit_rate_limit(f"comments:{window}:u{user.pk}", limit, window)
        if not allowed:
            raise messaging.RateLimited(
                f"You are commenting too quickly; try again in {reset} seconds.",
                details={"retry_after": reset},
            )


def _comment_text(body: str) -> tuple[str, str]:
    plain = text.plain_text(body)
    if not plain:
        raise DomainError(
            "A comment cannot be empty.",
            code="VALIDATION_ERROR",
            details={"content": ["Required."]},
        )
    if len(plain) > PitchComment.MAX_LENGTH or len(body) > PitchComment.MAX_LENGTH * 2:
        raise DomainError(
            f"A comment has at most {PitchComment.MAX_LENGTH} characters.",
            code="VALIDATION_ERROR",
            details={"content": [f"At most {PitchComment.MAX_LENGTH} characters."]},
        )
    return plain, text.comment_html(body)


@transaction.atomic
def post_comment(
    *,
    pitch: Pitch,
    author: User,
    body: str,
    is_anonymous: bool = False,
    parent: PitchComment | None = None,
) -> PitchComment:
    """Post a comment (or a reply, attached to its thread's top comment); rate limited; the
    creator and the person replied to hear of it after commit, never who posted anonymously."""
    _published(pitch)
    if parent is not None and parent.pitch_id != pitch.pk:
        raise DomainError(
            "That comment is on another pitch.",
            code="VALIDATION_ERROR",
            details={"parent_id": ["Not a comment on this pitch."]},
        )
    plain, html = _comment_text(body)
    _check_comment_rate(author)
    root = parent.parent if parent is not None and parent.parent_id else parent
    comment = PitchComment.objects.create(
        pitch=pitch,
        author=author,
        author_role=scores.role_of(author),
        parent=root,
        body=plain,
        body_html=html,
        is_anonymous=is_anonymous,
    )
    record_activity(comment, "pitches.comment.created", actor=author)
    track(
        "pitch_comment",
        user_id=None if is_anonymous else author.pk,
        pitch_id=pitch.pk,
        creator_id=pitch.owner_id,
    )
    _notify_comment(pitch, comment, replied_to=parent)
    _on_commit_comment(comment, "created")
    return comment


def _notify_comment(pitch: Pitch, comment: PitchComment, replied_to: PitchComment | None) -> None:
    who = "Someone" if comment.is_anonymous else comment.author.display_name  # type: ignore[union-attr]
    data = {"pitch_id": pitch.pk, "comment_id": comment.pk}
    link = f"{pitch.get_absolute_url()}#comment-{comment.pk}"
    told = {comment.author_id}
    if pitch.owner_id not in told:
        messaging.notify(
            recipient=pitch.owner_id,
            kind=NotificationKind.PITCH_COMMENT,
            title=f"New comment on “{pitch.title}”",
            body=f"{who}: {comment.body[:140]}",
            link=link,
            data=data,
        )
        told.add(pitch.owner_id)
    target = replied_to.author_id if replied_to is not None else None
    if target is not None and target not in told:
        messaging.notify(
            recipient=target,
            kind=NotificationKind.PITCH_COMMENT_REPLY,
            title=f"New reply on “{pitch.title}”",
            body=f"{who}: {comment.body[:140]}",
            link=link,
            data=data,
        )


def _on_commit_comment(comment: PitchComment, action: str) -> None:
    pitch_id, comment_id, parent_id = comment.pitch_id, comment.pk, comment.parent_id
    transaction.on_commit(
        lambda: events.comment_changed(
            pitch_id=pitch_id, comment_id=comment_id, parent_id=parent_id, action=action
        )
    )
    transaction.on_commit(lambda: events.engagement_changed(pitch_id=pitch_id, kind="comment"))


@transaction.atomic
def edit_comment(*, comment: PitchComment, actor: User, body: str) -> PitchComment:
    """The author rewrites their comment (not once it was removed)."""
    comment = PitchComment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != actor.pk:
        raise NotAllowed("Only its author can edit a comment.")
    if comment.is_removed:
        raise DomainError("A removed comment cannot be edited.")
    comment.body, comment.body_html = _comment_text(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    record_activity(comment, "pitches.comment.edited", actor=actor)
    _on_commit_comment(comment, "edited")
    return comment


def removal_kind(comment: PitchComment, actor: User) -> str:
    """How `actor` may remove `comment`: its author deletes it, the pitch's creator removes it
    from their pitch, staff moderate; anyone else is refused."""
    if comment.author_id == actor.pk:
        return PitchComment.Removal.AUTHOR
    if comment.pitch.owner_id == actor.pk:
        return PitchComment.Removal.CREATOR
    if actor.is_staff:
        return PitchComment.Removal.MODERATOR
    raise NotAllowed("Only the author, the pitch's creator or a moderator can remove a comment.")


@transaction.atomic
def remove_comment(*, comment: PitchComment, actor: User) -> PitchComment:
    """Take a comment down (idempotent); its replies stay, under a placeholder."""
    comment = PitchComment.objects.select_for_update().select_related("pitch").get(pk=comment.pk)
    kind = removal_kind(comment, actor)
    if comment.is_removed:
        return comment
    comment.removed_at, comment.removed_by, comment.removal = timezone.now(), actor, kind
    comment.save(update_fields=["removed_at", "removed_by", "removal"])
    record_activity(comment, f"pitches.comment.removed.{kind}", actor=actor)
    _on_commit_comment(comment, "removed")
    return comment
