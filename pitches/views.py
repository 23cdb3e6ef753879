"""Server-rendered pitch pages: marketplace, pitch page, creator's editor, manage, saved."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import creator_required
from pitches import access, selectors, services
from pitches.api.serializers import PitchDetailSerializer
from pitches.cards import pitch_cards
from pitches.forms import BasicsForm, CharacterForm, DocumentForm, FilterForm, StoryForm
from pitches.models import Pitch, PitchFollow, SavedPitch
from pitches.viewers import anonymous_view_key
from pitchey.errors import DomainError

STEPS = [("basics", "Basics"), ("story", "Story & budget"), ("characters", "Characters"),
         ("documents", "Documents"), ("publish", "Review & publish")]  # fmt: skip
PAGE_SIZE = 24


def _me(request: HttpRequest) -> Any:
    return request.user


def marketplace(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    params = selectors.BrowseParams(
        tab=data.get("tab", ""), q=data.get("q", ""), genre=data.get("genre", ""),
        format=data.get("format", ""), budget=data.get("budget", ""), stage=data.get("stage", ""),
        seeking_investment=True if data.get("seeking_investment") else None,
    )  # fmt: skip
    services.record_search(user=request.user, query=params.q, filters=params.facets())
    found = selectors.marketplace(params, viewer=request.user).select_related("owner")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pitches/marketplace.html",
        {"form": form, "page": page, "cards": pitch_cards(request, list(page))},
    )


def pitch_page(request: HttpRequest, key: str) -> HttpResponse:
    queryset = (
        Pitch.objects.visible_to(_me(request))
        .select_related("owner")
        .prefetch_related("characters", "attachments", "documents", "media")
    )
    pitch = selectors.find_pitch(queryset, key)
    if pitch is None:
        raise Http404("No such pitch.")
    if pitch.is_published:
        services.record_view(
            pitch=pitch, user=_me(request), session_key=anonymous_view_key(request)
        )
    confidential = access.can_view_confidential(_me(request), pitch)
    ids = {pitch.pk} if confidential else set()
    data = PitchDetailSerializer(pitch, context={"request": request, "confidential_ids": ids}).data
    saved = (
        _me(request).is_authenticated
        and SavedPitch.objects.filter(user=_me(request), pitch=pitch).exists()
    )
    following = (
        _me(request).is_authenticated
        and PitchFollow.objects.filter(user=_me(request), pitch=pitch).exists()
    )
    context = {"pitch": data, "obj": pitch, "saved": saved, "following": following}
    return render(request, "pitches/detail.html", context)


@login_required
@require_POST
def toggle_save(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = selectors.find_pitch(Pitch.objects.visible_to(_me(request)), str(pitch_id))
    if pitch is None:
        raise Http404
    if request.POST.get("action") == "unsave":
        services.unsave_pitch(pitch=pitch, user=_me(request))
    else:
        services.save_pitch(pitch=pitch, user=_me(request))
    return redirect(pitch.get_absolute_url())


def _back(request: HttpRequest, pitch: Pitch) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(pitch.get_absolute_url())


@login_required
@require_POST
def toggle_like(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = selectors.find_pitch(Pitch.objects.published(), str(pitch_id))
    if pitch is None:
        raise Http404
    if request.POST.get("action") == "unlike":
        services.unlike_pitch(pitch=pitch, user=_me(request))
    else:
        services.like_pitch(pitch=pitch, user=_me(request))
    return _back(request, pitch)


@login_required
@require_POST
def toggle_follow(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = selectors.find_pitch(Pitch.objects.visible_to(_me(request)), str(pitch_id))
    if pitch is None:
        raise Http404
    if request.POST.get("action") == "unfollow":
        services.unfollow_pitch(pitch=pitch, user=_me(request))
    else:
        try:
            services.follow_pitch(pitch=pitch, user=_me(request))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect(pitch.get_absolute_url())


@login_required
def saved_list(request: HttpRequest) -> HttpResponse:
    rows = SavedPitch.objects.filter(
        user=_me(request), pitch__in=Pitch.objects.visible_to(_me(request))
    )
    page = Paginator(rows.select_related("pitch__owner"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "pitches/saved.html",
        {"page": page, "cards": pitch_cards(request, [r.pitch for r in page])},
    )


@creator_required
def manage(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "all")
    qs = Pitch.objects.owned_by(_me(request)).order_by("-updated_at", "-id")
    if status in Pitch.Status.values:
        qs = qs.filter(status=status)
    counts = selectors.status_counts(_me(request))
    tabs = [("all", "All"), *Pitch.Status.choices]
    return render(request, "pitches/manage.html", {
        "pitches": qs[:200], "counts": counts, "status": status,
        "tabs": [(value, label, counts.get(value, 0)) for value, label in tabs],
    })  # fmt: skip


def _owned(request: HttpRequest, pitch_id: int) -> Pitch:
    pitch = Pitch.objects.owned_by(_me(request)).filter(pk=pitch_id).first()
    if pitch is None:
        raise Http404
    return pitch


def _domain_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)
    for field, errors in (exc.details or {}).items():
        messages.error(request, f"{field.replace('_', ' ').capitalize()}: {' '.join(errors)}")


@creator_required
@require_http_methods(["GET", "POST"])
def pitch_new(request: HttpRequest) -> HttpResponse:
    form = BasicsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pitch = services.create_pitch(owner=_me(request), fields=form.cleaned_data)
        except DomainError as exc:
            _domain_error(request, exc)
        else:
            messages.success(request, "Draft saved.")
            return redirect("pitches:edit", pitch_id=pitch.pk, step="story")
    return render(
        request,
        "pitches/editor.html",
        {"form": form, "step": "basics", "steps": STEPS, "pitch": None},
    )


@creator_required
@require_http_methods(["GET", "POST"])
def pitch_edit(request: HttpRequest, pitch_id: int, step: str = "basics") -> HttpResponse:
    pitch = _owned(request, pitch_id)
    keys = [key for key, _ in STEPS]
    if step not in keys:
        raise Http404
    form = _step_form(step, pitch, request)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            _save_step(step, pitch, form, request)
        except DomainError as exc:
            _domain_error(request, exc)
        else:
            messages.success(request, "Saved.")
            following = (
                step
                if step in ("characters", "documents")
                else keys[min(keys.index(step) + 1, len(keys) - 1)]
            )
            return redirect("pitches:edit", pitch_id=pitch.pk, step=following)
    context = {
        "form": form, "step": step, "steps": STEPS, "pitch": pitch,
        "characters": pitch.characters.all(), "documents": pitch.documents.all(),
        "publish_errors": services.publish_errors(pitch) if step == "publish" else {},
    }  # fmt: skip
    return render(request, "pitches/editor.html", context)


def _step_form(step: str, pitch: Pitch, request: HttpRequest) -> Any:
    data = request.POST if request.method == "POST" else None
    if step == "basics":
        return BasicsForm(data, initial={f: getattr(pitch, f) for f in BasicsForm.base_fields})
    if step == "story":
        initial: dict[str, Any] = {f: getattr(pitch, f, None) for f in StoryForm.base_fields}
        initial.update(
            show_characters=pitch.shows("show_characters"), show_budget=pitch.shows("show_budget")
        )
        return StoryForm(data, initial=initial)
    if step == "characters":
        return CharacterForm(data)
    if step == "documents":
        return DocumentForm(data, request.FILES if data is not None else None)
    return None


def _save_step(step: str, pitch: Pitch, form: Any, request: HttpRequest) -> None:
    user = _me(request)
    if step == "basics":
        services.update_pitch(pitch=pitch, actor=user, fields=form.cleaned_data)
    elif step == "story":
        services.update_pitch(pitch=pitch, actor=user, fields=form.service_fields(pitch))
    elif step == "characters":
        services.add_character(pitch=pitch, actor=user, fields=form.cleaned_data)
    elif step == "documents":
        upload = form.cleaned_data["file"]
        services.upload_document(
            pitch=pitch, actor=user, fileobj=upload, name=upload.name, size=upload.size,
            document_type=form.cleaned_data["document_type"],
            requires_nda=form.cleaned_data["requires_nda"], title=form.cleaned_data["title"],
        )  # fmt: skip


DONE = {"archive": "is archived", "unarchive": "is back", "delete": "is deleted"}


@creator_required
@require_POST
def pitch_action(request: HttpRequest, pitch_id: int, action: str) -> HttpResponse:
    pitch = _owned(request, pitch_id)
    user = _me(request)
    try:
        if action == "publish":
            services.publish_pitch(pitch=pitch, actor=user)
            messages.success(request, "Your pitch is live.")
            return redirect(pitch.get_absolute_url())
        if action == "archive":
            services.archive_pitch(pitch=pitch, actor=user)
        elif action == "unarchive":
            services.unarchive_pitch(pitch=pitch, actor=user)
        elif action == "delete":
            services.delete_pitch(pitch=pitch, actor=user)
        else:
            raise Http404
    except DomainError as exc:
        _domain_error(request, exc)
        return redirect("pitches:edit", pitch_id=pitch.pk, step="publish")
    messages.success(request, f"“{pitch.title}” {DONE[action]}.")
    return redirect("pitches:manage")
