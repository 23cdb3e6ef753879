"""Curation pages: the creator's slates, portfolio and share links; the public slate and
portfolio pages the links open; the compare page. Public pages show the public part only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from accounts.decorators import creator_required
from curation import compare, selectors, services
from curation.api.serializers import parse_ids
from curation.forms import CompareForm, ShareLinkForm, SlateForm
from curation.models import ShareLink
from pitches import selectors as pitch_selectors
from pitchey.errors import DomainError, NotFoundError


def _me(request: HttpRequest) -> Any:
    return request.user


def _error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


@creator_required
def slates(request: HttpRequest) -> HttpResponse:
    form = SlateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        slate = services.create_slate(owner=_me(request), fields=form.cleaned_data)
        messages.success(request, "Slate created. Add pitches to it below.")
        return redirect(f"/creator/slates/{slate.pk}/")
    rows = list(selectors.my_slates(_me(request)))
    return render(request, "curation/slates.html", {"slates": rows, "form": form})


@creator_required
def slate_edit(request: HttpRequest, slate_id: int) -> HttpResponse:
    slate = selectors.owned_slate_or_404(_me(request), slate_id)
    form = SlateForm(
        request.POST or None,
        initial={
            "title": slate.title,
            "description": slate.description,
            "status": slate.status,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_slate(slate=slate, actor=_me(request), fields=form.cleaned_data)
        messages.success(request, "Slate saved.")
        return redirect(f"/creator/slates/{slate.pk}/")
    entries = selectors.slate_entries(slate)
    inside = {entry.pitch_id for entry in entries}
    candidates = [p for p in pitch_selectors.creator_pitches(_me(request)) if p.pk not in inside]
    links = selectors.my_links(_me(request), kind=ShareLink.Kind.SLATE, slate=slate)
    context = {
        "slate": slate,
        "form": form,
        "entries": entries,
        "candidates": candidates,
        "links": links,
        "link_form": ShareLinkForm(),
        "link_action": f"/creator/slates/{slate.pk}/link/",
    }
    return render(request, "curation/slate_edit.html", context)


@creator_required
@require_POST
def slate_action(request: HttpRequest, slate_id: int, action: str) -> HttpResponse:
    """Add, remove, move a pitch; delete the slate; create a share link."""
    me = _me(request)
    slate = selectors.owned_slate_or_404(me, slate_id)
    try:
        if action == "delete":
            services.delete_slate(slate=slate, actor=me)
            messages.success(request, "Slate deleted.")
            return redirect("/creator/slates/")
        if action == "link":
            _create_link(request, slate=slate)
        else:
            _change_pitches(request, slate, action)
    except DomainError as exc:
        _error(request, exc)
    return redirect(f"/creator/slates/{slate.pk}/")


def _change_pitches(request: HttpRequest, slate: Any, action: str) -> None:
    me = _me(request)
    raw = request.POST.get("pitch_id", "")
    if not raw.isdigit() or action not in ("add", "remove", "up", "down"):
        raise Http404
    pitch_id = int(raw)
    if action == "add":
        pitch = pitch_selectors.owned_pitch_or_404(me, pitch_id)
        services.add_pitch_to_slate(slate=slate, actor=me, pitch=pitch)
    elif action == "remove":
        services.remove_pitch_from_slate(slate=slate, actor=me, pitch_id=pitch_id)
    else:
        order = [entry.pitch_id for entry in selectors.slate_entries(slate)]
        if pitch_id not in order:
            raise Http404
        at = order.index(pitch_id)
        to = max(0, at - 1) if action == "up" else min(len(order) - 1, at + 1)
        order.insert(to, order.pop(at))
        services.reorder_slate(slate=slate, actor=me, pitch_ids=order)


def _create_link(request: HttpRequest, *, slate: Any = None) -> None:
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Check the link's label and expiry (1 to 365 days).")
        return
    link = services.create_share_link(owner=_me(request), slate=slate, **form.cleaned_data)
    messages.success(
        request, f"Share link ready: {request.build_absolute_uri(link.get_absolute_url())}"
    )


@creator_required
@require_POST
def link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    link = selectors.owned_link_or_404(_me(request), link_id)
    services.revoke_share_link(link=link, actor=_me(request))
    messages.success(request, "Link revoked: it no longer opens.")
    back = f"/creator/slates/{link.slate_id}/" if link.slate_id else "/creator/portfolio/"
    return redirect(back)


@creator_required
def portfolio_manage(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if request.method == "POST":
        try:
            _create_link(request)
        except DomainError as exc:
            _error(request, exc)
        return redirect("/creator/portfolio/")
    context = {
        "creator": selectors.creator_profile(me),
        "cards": selectors.public_pitches(selectors.portfolio_pitches(me, owner_view=False)),
        "links": selectors.my_links(me, kind=ShareLink.Kind.PORTFOLIO),
        "link_form": ShareLinkForm(),
        "public_url": f"/portfolio/{me.pk}/",
    }
    return render(request, "curation/portfolio_manage.html", context)


# --- public pages ---------------------------------------------------------------------------------


def public_slate(request: HttpRequest, slate_id: int) -> HttpResponse:
    slate = selectors.published_slate_or_404(slate_id)
    return render(request, "curation/public_slate.html", {"slate": selectors.public_slate(slate)})


def _open(token: str, kind: str) -> ShareLink:
    try:
        return services.open_share_link(token=token[:64], kind=kind)
    except NotFoundError:
        raise Http404("This link does not exist or no longer works.") from None


def shared_slate(request: HttpRequest, token: str) -> HttpResponse:
    link = _open(token, ShareLink.Kind.SLATE)
    if link.slate is None:
        raise Http404
    context = {"slate": selectors.public_slate(link.slate), "shared": True}
    return render(request, "curation/public_slate.html", context)


def public_portfolio(request: HttpRequest, user_id: int) -> HttpResponse:
    creator = selectors.public_creator_or_404(_me(request), user_id)
    return _portfolio_page(request, creator)


def shared_portfolio(request: HttpRequest, token: str) -> HttpResponse:
    link = _open(token, ShareLink.Kind.PORTFOLIO)
    return _portfolio_page(request, link.owner, shared=True)


def _portfolio_page(request: HttpRequest, creator: Any, *, shared: bool = False) -> HttpResponse:
    pitches = selectors.portfolio_pitches(creator, owner_view=False)
    profile = selectors.creator_profile(creator)
    context = {
        "creator": profile,
        "cards": selectors.public_pitches(pitches),
        "shared": shared,
        "og_title": f"{profile['name']} on Pitchey",
        "og_image": f"/og/pitch/{pitches[0].pk}.png" if pitches else "",
    }
    return render(request, "curation/public_portfolio.html", context)


@login_required
def compare_page(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = CompareForm(request.POST or request.GET or None)
    subjects: list[dict[str, Any]] = []
    if form.is_bound and form.is_valid():
        try:
            ids = parse_ids(form.cleaned_data["ids"])
        except ValidationError:
            form.add_error("ids", "Two to four ids, separated by commas.")
            ids = []
        kind = form.cleaned_data["type"]
        if request.method == "POST" and ids:
            try:
                saved = services.save_comparison(
                    owner=me, title=form.cleaned_data["title"], kind=kind, subject_ids=ids
                )
            except DomainError as exc:
                _error(request, exc)
            else:
                link = request.build_absolute_uri(saved.get_absolute_url())
                messages.success(request, f"Comparison saved. Share it: {link}")
                return redirect(f"/compare/?type={kind}&ids={form.cleaned_data['ids']}")
        subjects = compare.subjects(kind, ids, me)
    context = {"form": form, "subjects": subjects, "saved": selectors.my_comparisons(me)[:20]}
    return render(request, "curation/compare.html", context)


def shared_compare(request: HttpRequest, token: str) -> HttpResponse:
    comparison = selectors.shared_comparison_or_404(token[:64])
    subjects = compare.subjects(comparison.kind, list(comparison.subject_ids), AnonymousUser())
    context = {"comparison": comparison, "subjects": subjects, "shared": True}
    return render(request, "curation/compare.html", context)


@login_required
@require_POST
def compare_delete(request: HttpRequest, comparison_id: int) -> HttpResponse:
    comparison = selectors.owned_comparison_or_404(_me(request), comparison_id)
    services.delete_comparison(comparison=comparison, actor=_me(request))
    messages.success(request, "Comparison deleted; its share link no longer opens.")
    return redirect("/compare/")
