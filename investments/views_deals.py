"""The deal page both parties share (terms, timeline, thread, signatures and the moves open to
the viewer), the creator's deal inbox and funding page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import portal_required
from investments import services
from investments.forms import CounterForm, MessageForm, NoteForm, OutcomeForm, SignDealForm
from investments.models import Deal, DealEvent, DealMessage, DealSignature
from investments.selectors import people
from pitchey.errors import DomainError
from pitchey.forms import show_as_message
from pitchey.ratelimit import client_ip

if TYPE_CHECKING:
    from accounts.models import User


def _me(request: HttpRequest) -> User:
    return cast("User", request.user)


def _deal(request: HttpRequest, deal_id: int) -> Deal:
    found = Deal.objects.involving(_me(request)).for_display().filter(pk=deal_id).first()
    if found is None:
        raise Http404("No such deal.")
    return found


@login_required
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    me = _me(request)
    deal = _deal(request, deal_id)
    signatures = list(DealSignature.objects.filter_for(deal))
    party = deal.party_of(me)
    return render(
        request,
        "investments/deal_detail.html",
        {
            "deal": deal,
            "party": party,
            "events": DealEvent.objects.filter_for(deal),
            "thread": DealMessage.objects.filter_for(deal),
            "signatures": signatures,
            "can_answer": deal.awaits(me),
            "can_withdraw": party is not None
            and deal.status in ("proposed", "negotiating", "accepted"),
            "can_sign": party is not None
            and deal.status == "accepted"
            and not any(s.party == party for s in signatures),
            "can_close": party is not None and deal.status in ("accepted", "signed"),
            "counter_form": CounterForm(initial={"amount": deal.amount}),
            "note_form": NoteForm(),
            "outcome_form": OutcomeForm(),
            "message_form": MessageForm(),
            "sign_form": SignDealForm(initial={"full_name": me.display_name}),
        },
    )


def _move(request: HttpRequest, deal: Deal, action: str) -> str:
    me = _me(request)
    forms: dict[str, Any] = {
        "accept": NoteForm,
        "decline": NoteForm,
        "withdraw": NoteForm,
        "counter": CounterForm,
        "outcome": OutcomeForm,
        "message": MessageForm,
        "sign": SignDealForm,
    }
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        raise DomainError(errors or "Check the form.")
    data = form.cleaned_data
    if action == "accept":
        services.accept_deal(deal=deal, actor=me, note=data["note"])
        return "You accepted the terms. Both of you can now sign."
    if action == "decline":
        services.decline_deal(deal=deal, actor=me, reason=data["note"])
        return "You declined the deal."
    if action == "withdraw":
        services.withdraw_deal(deal=deal, actor=me, reason=data["note"])
        return "You withdrew from the deal."
    if action == "counter":
        services.counter_deal(deal=deal, actor=me, note=data["note"], **form.terms())
        return "Your counter-offer was sent."
    if action == "outcome":
        services.record_deal_outcome(
            deal=deal, actor=me, outcome=data["outcome"], note=data["note"]
        )
        return "The outcome is recorded."
    if action == "message":
        services.post_deal_message(deal=deal, author=me, body=data["body"])
        return "Message sent."
    services.sign_deal(
        deal=deal,
        actor=me,
        full_name=data["full_name"],
        agreed=data["agreed"],
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    return "You signed the deal."


@login_required
@require_POST
def deal_action(request: HttpRequest, deal_id: int, action: str) -> HttpResponse:
    deal = _deal(request, deal_id)
    try:
        messages.success(request, _move(request, deal, action))
    except DomainError as exc:
        show_as_message(request, exc)
    return redirect("investments:deal", deal_id=deal.pk)


@portal_required("creator")
def creator_deals(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    rows = Deal.objects.involving(me).filter_creator(me).for_display()
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "investments/deals.html", {"page": page, "portal": "creator"})


@portal_required("creator")
def funding(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    return render(
        request,
        "investments/funding.html",
        {
            "overview": people.funding_overview(me),
            "investors": people.creator_investors(me)["investors"],
            "value": people.creator_value(me),
        },
    )
