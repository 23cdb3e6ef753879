"""The pitch page's Pitchey Score, feedback and comments: the panel, its live fragment and the
forms it posts; the creator's feedback tab. Everything shown goes through the same output
builders as the API, so anonymous authors stay anonymous here too."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import creator_required
from pitches import selectors
from pitches.api.serializers_engagement import comment_data, feedback_data
from pitches.engagement import heat
from pitches.engagement import selectors as engagement_selectors
from pitches.engagement import services as engagement
from pitches.forms_engagement import CommentForm, FeedbackForm, RatingForm
from pitches.models import Pitch
from pitchey.errors import DomainError

THREAD_PAGE = 20


def _visitor_key(request: HttpRequest) -> str:
    from pitches.api.views_ratings import visitor_key

    return visitor_key(request)  # type: ignore[arg-type]


def panel_context(request: HttpRequest, pitch: Pitch) -> dict[str, Any]:
    """What the engagement panel shows `request.user` about `pitch` (a fixed number of queries)."""
    user: Any = request.user
    owner = user.is_authenticated and (user.pk == pitch.owner_id)
    reads_all = owner or (user.is_authenticated and user.is_staff)
    key = "" if user.is_authenticated else _visitor_key(request)
    mine = engagement_selectors.rating_of(pitch, user=user, anonymous_key=key)
    page = Paginator(engagement_selectors.comment_thread(pitch), THREAD_PAGE).get_page(
        request.GET.get("comments")
    )
    context: dict[str, Any] = {
        "pitch": pitch,
        "is_owner": owner,
        "summary": engagement_selectors.rating_summary(pitch),
        "heat_badge": heat.badge(pitch.trending_score),
        "my_rating": mine,
        "rating_form": RatingForm(initial={"rating": mine or 8}),
        "comments": [comment_data(c, user, pitch_owner_id=pitch.owner_id) for c in page],
        "comment_page": page,
        "comment_form": CommentForm(),
        "can_comment": user.is_authenticated and pitch.is_published,
        "can_rate": pitch.is_published and not owner,
    }
    if reads_all:
        rows = list(engagement_selectors.feedback_entries(pitch))
        context["feedback"] = [feedback_data(row, user) for row in rows]
        context["feedback_summary"] = engagement_selectors.feedback_aggregate(rows)
    elif user.is_authenticated and pitch.is_published:
        context.update(_reviewer_context(pitch, user))
    return context


def _reviewer_context(pitch: Pitch, user: Any) -> dict[str, Any]:
    entry = engagement_selectors.my_feedback(pitch, user)
    mine = feedback_data(entry, user) if entry is not None else None
    seconds = engagement_selectors.seconds_spent(pitch, user)
    return {
        "my_feedback": mine,
        "feedback_form": FeedbackForm(initial=FeedbackForm.initial_from(mine) if mine else None),
        "can_review": user.user_type != "viewer",
        "seconds_spent": seconds,
        "seconds_needed": max(0, engagement.CONSUMPTION_THRESHOLD_SECONDS - seconds),
    }


def _pitch(request: HttpRequest, pitch_id: int) -> Pitch:
    pitch = selectors.find_pitch(
        Pitch.objects.visible_to(request.user).select_related("owner"),  # type: ignore[arg-type]
        str(pitch_id),
    )
    if pitch is None:
        raise Http404("No such pitch.")
    return pitch


def _back(pitch: Pitch, anchor: str) -> HttpResponse:
    return redirect(f"{pitch.get_absolute_url()}#{anchor}")


def engagement_fragment(request: HttpRequest, pitch_id: int) -> HttpResponse:
    """The panel alone, refetched by the page when a live event says it changed."""
    pitch = _pitch(request, pitch_id)
    return render(request, "pitches/_engagement.html", panel_context(request, pitch))


@require_POST
def rate(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = _pitch(request, pitch_id)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a score from 1 to 10.")
        return _back(pitch, "pitch-score")
    user: Any = request.user
    try:
        engagement.rate_pitch(
            pitch=pitch,
            rater=user if user.is_authenticated else None,
            score=form.cleaned_data["rating"],
            anonymous_key="" if user.is_authenticated else _visitor_key(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Thanks: your rating counts towards the Pitchey Score.")
    return _back(pitch, "pitch-score")


@login_required
@require_POST
def feedback_save(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = _pitch(request, pitch_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(pitch, "feedback")
    user: Any = request.user
    existing = engagement_selectors.my_feedback(pitch, user)
    rating = form.cleaned_data.get("rating")
    try:
        if existing is None:
            engagement.submit_feedback(
                pitch=pitch, author=user, fields=form.service_fields(), rating=rating
            )
        else:
            engagement.update_feedback(
                feedback=existing, actor=user, fields=form.service_fields(), rating=rating
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your feedback was sent to the creator.")
    return _back(pitch, "feedback")


@login_required
@require_POST
def feedback_delete(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = _pitch(request, pitch_id)
    existing = engagement_selectors.my_feedback(pitch, request.user)
    if existing is None:
        raise Http404
    engagement.delete_feedback(feedback=existing, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, "Your feedback was deleted.")
    return _back(pitch, "feedback")


@login_required
@require_POST
def comment_post(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = _pitch(request, pitch_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write something first (at most 2000 characters).")
        return _back(pitch, "comments")
    parent_id = form.cleaned_data.get("parent_id")
    parent = engagement_selectors.comment_on(pitch, parent_id) if parent_id else None
    if parent_id and parent is None:
        raise Http404
    try:
        comment = engagement.post_comment(
            pitch=pitch,
            author=request.user,  # type: ignore[arg-type]
            body=form.cleaned_data["content"],
            is_anonymous=form.cleaned_data["is_anonymous"],
            parent=parent,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(pitch, "comments")
    return _back(pitch, f"comment-{comment.pk}")


@login_required
@require_POST
def comment_change(
    request: HttpRequest, pitch_id: int, comment_id: int, action: str
) -> HttpResponse:
    pitch = _pitch(request, pitch_id)
    comment = engagement_selectors.comment_on(pitch, comment_id)
    if comment is None or action not in ("edit", "remove"):
        raise Http404
    me: Any = request.user
    try:
        if action == "edit":
            engagement.edit_comment(comment=comment, actor=me, body=request.POST.get("content", ""))
        else:
            engagement.remove_comment(comment=comment, actor=me)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(pitch, f"comment-{comment.pk}")


@creator_required
def feedback_tab(request: HttpRequest, pitch_id: int) -> HttpResponse:
    """The creator's feedback tab of one pitch."""
    pitch = selectors.owned_pitch_or_404(request.user, pitch_id)  # type: ignore[arg-type]
    rows = list(engagement_selectors.feedback_entries(pitch))
    context = {
        "pitch": pitch,
        "summary": engagement_selectors.rating_summary(pitch),
        "feedback": [feedback_data(row, request.user) for row in rows],  # type: ignore[arg-type]
        "feedback_summary": engagement_selectors.feedback_aggregate(rows),
    }
    return render(request, "pitches/feedback_tab.html", context)
