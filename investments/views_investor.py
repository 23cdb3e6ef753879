"""The investor portal's pages: portfolio (with its chart and the form to record an
investment), investments, opportunities with explained scores, watchlist and thesis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import portal_required
from analytics.charts import Chart, Series, exported
from investments import services
from investments.forms import InvestForm, RevalueForm, ThesisForm, WithdrawForm
from investments.models import Deal, Investment
from investments.selectors import matching, pages
from investments.selectors.portfolio import performance_series, portfolio_summary, roi_by
from pitches import access
from pitches import services as pitch_services
from pitches.models import SavedPitch
from pitchey.errors import DomainError
from pitchey.forms import show_as_message, show_on_form

if TYPE_CHECKING:
    from accounts.models import User

investor_only = portal_required("investor")


def _me(request: HttpRequest) -> User:
    return cast("User", request.user)


def performance_chart(user: User, currency: str) -> Chart:
    series = performance_series(user.pk, months=12, currency=currency)
    return Chart(
        slug="performance",
        title=f"Invested and portfolio value by month ({currency})",
        labels=[row["label"] for row in series],
        series=[
            Series("Invested", [float(row["invested"]) for row in series]),
            Series("Value", [float(row["value"]) for row in series]),
        ],
        unit=currency,
        label_heading="Month",
        description="Money put in so far and what the holdings were worth at each month's end.",
    )


@investor_only
def portfolio(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    eligible = list(pages.investable_pitches(me))
    form = InvestForm(
        request.POST or None,
        pitches=eligible,
        initial={"pitch": request.GET.get("pitch"), "currency": "USD"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pitch = next(p for p in eligible if p.pk == data["pitch"])
        try:
            services.record_investment(
                investor=me,
                pitch=pitch,
                amount=data["amount"],
                currency=data["currency"],
                terms=data["terms"],
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"Your investment in {pitch.title} is recorded.")
            return redirect("investments:portfolio")
    summary = portfolio_summary(me.pk)
    chart = performance_chart(me, summary["currency"])
    csv = exported(request.GET, [chart])
    if csv is not None:
        return csv
    holdings = list(Investment.objects.held_by(me).for_display()[:200])
    return render(
        request,
        "investments/portfolio.html",
        {
            "summary": summary,
            "chart": chart,
            "holdings": holdings,
            "by_genre": roi_by(holdings, "genre"),
            "form": form,
            "can_invest": bool(eligible),
        },
    )


@investor_only
def investments(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    status = request.GET.get("status", "")
    rows = Investment.objects.held_by(me).for_display()
    if status in Investment.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "investments/investments.html",
        {
            "page": page,
            "status": status,
            "statuses": Investment.Status.choices,
            "summary": portfolio_summary(me.pk),
            "revalue_form": RevalueForm(),
            "withdraw_form": WithdrawForm(),
        },
    )


def _own_investment(request: HttpRequest, investment_id: int) -> Investment:
    found = Investment.objects.held_by(_me(request)).filter(pk=investment_id).first()
    if found is None:
        raise Http404("No such investment.")
    return found


@investor_only
@require_POST
def investment_action(request: HttpRequest, investment_id: int, action: str) -> HttpResponse:
    investment = _own_investment(request, investment_id)
    form: Any = WithdrawForm(request.POST) if action == "withdraw" else RevalueForm(request.POST)
    if action not in ("withdraw", "revalue"):
        raise Http404
    if not form.is_valid():
        messages.error(
            request,
            "Check the value: "
            + " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
        return redirect("investments:investments")
    try:
        if action == "withdraw":
            services.withdraw_investment(
                investment=investment, actor=_me(request), reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Investment withdrawn; the refund is in your ledger.")
        else:
            services.update_investment(
                investment=investment,
                actor=_me(request),
                current_value=form.cleaned_data["current_value"],
            )
            messages.success(request, "New value recorded.")
    except DomainError as exc:
        show_as_message(request, exc)
    return redirect("investments:investments")


@investor_only
def opportunities(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    thesis = matching.thesis_of(me)
    ranked = matching.opportunities(me, thesis).select_related("owner")
    page = Paginator(ranked, 20).get_page(request.GET.get("page"))
    confidential = access.confidential_pitch_ids(me, list(page))
    rows = [
        {
            "pitch": p,
            "match": matching.explain(p),
            "budget_shown": p.pk in confidential or p.shows("show_budget"),
            "creator_shown": p.pk in confidential or p.shows("show_creator_name"),
        }
        for p in page
    ]
    return render(
        request,
        "investments/opportunities.html",
        {"page": page, "rows": rows, "thesis": thesis},
    )


@investor_only
def watchlist(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if request.method == "POST":
        saved = SavedPitch.objects.owned_by(me).filter(pk=request.POST.get("saved_id") or 0)
        item = saved.select_related("pitch").first()
        if item is not None:
            pitch_services.unsave_pitch(pitch=item.pitch, user=me)
            messages.success(request, f"{item.pitch.title} left your watchlist.")
        return redirect("investments:watchlist")
    saves = SavedPitch.objects.visible_to(me).select_related("pitch__owner")
    page = Paginator(saves, 20).get_page(request.GET.get("page"))
    return render(request, "investments/watchlist.html", {"page": page})


@investor_only
def thesis(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    current = matching.thesis_of(me)
    initial = {}
    if current is not None:
        initial = {
            field: getattr(current, field)
            for field in (
                "summary",
                "genres",
                "formats",
                "budget_brackets",
                "stages",
                "ticket_min",
                "ticket_max",
                "is_public",
            )
        }
    form = ThesisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_thesis(investor=me, fields=dict(form.cleaned_data))
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "Your thesis is saved; opportunities are ranked by it.")
            return redirect("investments:thesis")
    return render(request, "investments/thesis.html", {"form": form, "thesis": current})


@investor_only
def deals(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    rows = Deal.objects.involving(me).for_display()
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "investments/deals.html", {"page": page, "portal": "investor"})
