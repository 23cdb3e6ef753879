"""Server-rendered pitch pages: marketplace, pitch page, likes, saves and follows, manage, saved.

The creator's editor is in pitches/editor.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.decorators import pitch_author_required
from pitches import access, config, selectors, services
from pitches.api.serializers import PitchDetailSerializer
from pitches.cards import pitch_cards, poster_url
from pitches.forms import FilterForm
from pitches.models import Pitch, SavedPitch
from pitches.viewers import anonymous_view_key
from pitchey.api import request_user, request_viewer
from pitchey.errors import DomainError
from pitchey.forms import show_as_message

PAGE_SIZE = 24


def marketplace(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    params = selectors.BrowseParams(
        tab=data.get("tab", ""),
        q=data.get("q", ""),
        genre=data.get("genre", ""),
        format=data.get("format", ""),
        budget=data.get("budget", ""),
        stage=data.get("stage", ""),
        seeking_investment=True if data.get("seeking_investment") else None,
    )
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
        Pitch.objects.visible_to(request_viewer(request))
        .select_related("owner")
        .prefetch_related("characters", "attachments", "documents", "media")
    )
    pitch = selectors.find_pitch(queryset, key)
    if pitch is None:
        raise Http404("No such pitch.")
    if pitch.is_published:
        services.record_view(
            pitch=pitch, user=request_viewer(request), session_key=anonymous_view_key(request)
        )
    confidential = access.can_view_confidential(request_viewer(request), pitch)
    ids = {pitch.pk} if confidential else set()
    data = PitchDetailSerializer(pitch, context={"request": request, "confidential_ids": ids}).data
    # What an NDA would open, by name and kind only; a pitch without an NDA says nothing.
    locked = []
    if pitch.require_nda and not confidential:
        locked = [
            d for d in pitch.documents.all() if not access.document_visible(d, confidential=False)
        ]
    context = {
        "pitch": data,
        "obj": pitch,
        **selectors.viewer_state(request_viewer(request), pitch),
        "facts": _facts(data),
        "poster_url": poster_url(pitch),
        "locked_documents": locked,
    }
    return render(request, "pitches/detail.html", context)


def _facts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The at-a-glance facts the viewer may see, as labels (never raw keys)."""
    budget = config.budget_label(data.get("budget_bracket") or "")
    facts = [
        ("Format", data.get("format_label") or data.get("format_category") or ""),
        ("Genre", data.get("genre") or ""),
        ("Stage", config.stage_label(data.get("development_stage") or "")),
        ("Budget", budget or data.get("estimated_budget") or ""),
        ("Seeking investment", "Yes" if data.get("seeking_investment") else "No"),
    ]
    return [(label, value) for label, value in facts if value]


@login_required
@require_POST
def toggle_save(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = selectors.visible_pitch_or_404(request_user(request), pitch_id)
    if request.POST.get("action") == "unsave":
        services.unsave_pitch(pitch=pitch, user=request_user(request))
    else:
        services.save_pitch(pitch=pitch, user=request_user(request))
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
        services.unlike_pitch(pitch=pitch, user=request_user(request))
    else:
        services.like_pitch(pitch=pitch, user=request_user(request))
    return _back(request, pitch)


@login_required
@require_POST
def toggle_follow(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = selectors.visible_pitch_or_404(request_user(request), pitch_id)
    if request.POST.get("action") == "unfollow":
        services.unfollow_pitch(pitch=pitch, user=request_user(request))
    else:
        try:
            services.follow_pitch(pitch=pitch, user=request_user(request))
        except DomainError as exc:
            show_as_message(request, exc)
    return redirect(pitch.get_absolute_url())


@login_required
def saved_list(request: HttpRequest) -> HttpResponse:
    rows = SavedPitch.objects.filter(
        user=request_user(request), pitch__in=Pitch.objects.visible_to(request_user(request))
    )
    page = Paginator(rows.select_related("pitch__owner"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "pitches/saved.html",
        {"page": page, "cards": pitch_cards(request, [r.pitch for r in page])},
    )


@pitch_author_required
def manage(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "all")
    qs = Pitch.objects.owned_by(request_user(request)).order_by("-updated_at", "-id")
    if status in Pitch.Status.values:
        qs = qs.filter(status=status)
    counts = selectors.status_counts(request_user(request))
    tabs = [("all", "All"), *Pitch.Status.choices]
    return render(
        request,
        "pitches/manage.html",
        {
            "pitches": qs[:200],
            "counts": counts,
            "status": status,
            "tabs": [(value, label, counts.get(value, 0)) for value, label in tabs],
        },
    )
