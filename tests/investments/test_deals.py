"""The deal state machine: proposed -> negotiating -> accepted -> signed -> closed, or declined /
withdrawn, each move by the right party, with its timeline event, audit entry and notification;
a production company is a counterparty like an investor."""

from __future__ import annotations

from decimal import Decimal

import pytest

from analytics.models import AuditLog
from investments import services
from investments.models import Deal, DealEvent, DealSignature, Investment, Transaction
from messaging.models import Notification
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError
from tests.factories import UserFactory
from tests.investments.conftest import grant

pytestmark = pytest.mark.django_db


def _propose(pitch, who, **extra):
    terms = {"deal_type": "investment", "amount": "50000", **extra}
    return services.propose_deal(pitch=pitch, proposer=who, **terms)


def _kinds(deal):
    return list(DealEvent.objects.filter(deal=deal).values_list("kind", flat=True))


def test_a_full_deal_from_offer_to_close_becomes_the_investors_holding(
    creator, investor, pitch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        deal = _propose(pitch, investor, terms="Standard terms")
    assert (deal.status, deal.awaiting, deal.counterparty_kind) == (
        "proposed",
        "creator",
        "investor",
    )
    assert Notification.objects.get(user=creator).kind == "deal_proposed"
    services.counter_deal(deal=deal, actor=creator, amount="75000", note="Worth more")
    deal.refresh_from_db()
    assert (deal.status, deal.awaiting, deal.amount) == (
        "negotiating",
        "counterparty",
        Decimal("75000.00"),
    )
    services.accept_deal(deal=deal, actor=investor)
    services.sign_deal(deal=deal, actor=creator, full_name="Alice Creator", agreed=True)
    deal.refresh_from_db()
    assert deal.status == "accepted"  # one signature of two
    services.sign_deal(deal=deal, actor=investor, full_name="Ivan Investor", agreed=True)
    deal.refresh_from_db()
    assert deal.status == "signed"
    assert {s.terms_sha256 for s in DealSignature.objects.filter(deal=deal)} == {
        services.terms_digest(deal)
    }
    services.close_deal(deal=deal, actor=creator)
    deal.refresh_from_db()
    assert (deal.status, deal.outcome) == ("closed", "closed_on_platform")
    assert deal.investment.amount == Decimal("75000.00")
    assert deal.investment.investor == investor
    assert Transaction.objects.get(investor=investor).kind == "investment"
    assert _kinds(deal) == ["proposed", "countered", "accepted", "signed", "signed", "closed"]
    events = DealEvent.objects.filter(deal=deal)
    assert [e.to_status for e in events] == [
        "proposed",
        "negotiating",
        "accepted",
        "accepted",
        "signed",
        "closed",
    ]
    assert events[1].data["amount"] == "75000.00"
    audited = AuditLog.objects.filter(action__startswith="investments.deal.").count()
    assert audited == 6


def test_a_production_company_is_a_counterparty_and_closes_without_money(
    creator, production, pitch
):
    deal = services.propose_deal(
        pitch=pitch,
        proposer=production,
        deal_type="option",
        amount="20000",
        backend_percent="2.5",
        territory="Worldwide",
        term_months=18,
    )
    assert deal.counterparty_kind == "production"
    assert Deal.objects.involving(production).get() == deal
    services.accept_deal(deal=deal, actor=creator)
    services.record_deal_outcome(deal=deal, actor=production, outcome="closed_off_platform")
    deal.refresh_from_db()
    assert (deal.status, deal.outcome, deal.investment) == ("closed", "closed_off_platform", None)
    assert not Investment.objects.exists()


def test_only_the_party_whose_turn_it_is_answers(creator, investor, pitch):
    deal = _propose(pitch, investor)
    with pytest.raises(Conflict, match="not answered"):
        services.accept_deal(deal=deal, actor=investor)
    services.counter_deal(deal=deal, actor=creator, amount=60000)
    with pytest.raises(Conflict, match="not answered"):
        services.counter_deal(deal=deal, actor=creator, amount=70000)
    services.decline_deal(deal=deal, actor=investor, reason="Too rich")
    deal.refresh_from_db()
    assert deal.status == "declined"
    with pytest.raises(Conflict, match="already declined"):
        services.accept_deal(deal=deal, actor=creator)


def test_strangers_cannot_see_or_move_a_deal(creator, investor, pitch):
    deal = _propose(pitch, investor)
    stranger = UserFactory(user_type="investor")
    for move in (
        lambda: services.accept_deal(deal=deal, actor=stranger),
        lambda: services.withdraw_deal(deal=deal, actor=stranger),
        lambda: services.post_deal_message(deal=deal, author=stranger, body="Hi"),
        lambda: services.record_deal_outcome(deal=deal, actor=stranger, outcome="dead"),
    ):
        with pytest.raises(NotFoundError):
            move()
    deal.refresh_from_db()
    assert deal.status == "proposed"
    assert _kinds(deal) == ["proposed"]
    assert not Deal.objects.involving(stranger).exists()


def test_signing_needs_acceptance_consent_and_happens_once(creator, investor, pitch):
    deal = _propose(pitch, investor)
    with pytest.raises(Conflict, match="accepted"):
        services.sign_deal(deal=deal, actor=creator, full_name="Alice", agreed=True)
    services.accept_deal(deal=deal, actor=creator)
    with pytest.raises(DomainError, match="Tick the box"):
        services.sign_deal(deal=deal, actor=creator, full_name="Alice", agreed=False)
    with pytest.raises(DomainError, match="full name"):
        services.sign_deal(deal=deal, actor=creator, full_name=" ", agreed=True)
    services.sign_deal(deal=deal, actor=creator, full_name="Alice Creator", agreed=True)
    with pytest.raises(Conflict, match="already signed"):
        services.sign_deal(deal=deal, actor=creator, full_name="Alice Creator", agreed=True)
    with pytest.raises(Conflict, match="Both parties sign"):
        services.close_deal(deal=deal, actor=creator)


def test_withdrawal_before_signing_and_dead_outcomes(creator, investor, pitch):
    deal = _propose(pitch, investor)
    services.withdraw_deal(deal=deal, actor=investor, reason="Fund closed")
    with pytest.raises(Conflict, match="already withdrawn"):
        services.withdraw_deal(deal=deal, actor=creator)
    again = _propose(pitch, investor)  # the first one is no longer open
    services.record_deal_outcome(deal=again, actor=creator, outcome="dead", note="Went quiet")
    again.refresh_from_db()
    assert (again.status, again.outcome) == ("withdrawn", "dead")
    with pytest.raises(DomainError, match="Choose one of"):
        services.record_deal_outcome(deal=again, actor=creator, outcome="maybe")


def test_one_open_deal_per_pitch_counterparty_and_type(investor, pitch):
    _propose(pitch, investor)
    with pytest.raises(Conflict, match="already have an open deal"):
        _propose(pitch, investor)
    assert _propose(pitch, investor, deal_type="option").pk


def test_deal_rules_for_who_may_propose_and_the_terms(creator, investor, watcher, pitch, nda_pitch):
    with pytest.raises(NotAllowed, match="own pitch"):
        _propose(pitch, creator)
    with pytest.raises(NotAllowed, match="Only investors and production"):
        _propose(pitch, watcher)
    with pytest.raises(NotAllowed, match="NDA"):
        _propose(nda_pitch, investor)
    grant(investor, nda_pitch)
    assert _propose(nda_pitch, investor).pk
    bad = [
        ({"deal_type": "merger"}, "deal_type"),
        ({"amount": None}, "amount"),
        ({"amount": "-1"}, "amount"),
        ({"backend_percent": "101"}, "backend_percent"),
        ({"term_months": 0}, "term_months"),
        ({"term_months": "12"}, "term_months"),
        ({"currency": "XYZ"}, "currency"),
        ({"territory": "x" * 201}, "territory"),
    ]
    for extra, field in bad:
        with pytest.raises(DomainError) as refused:
            _propose(pitch, investor, **extra)
        assert list(refused.value.details) == [field], extra


def test_the_deal_thread_notifies_the_other_party(creator, investor, pitch):
    deal = _propose(pitch, investor)
    message = services.post_deal_message(deal=deal, author=creator, body="  Let's talk.  ")
    assert message.body == "Let's talk."
    assert Notification.objects.filter(user=investor, kind="deal_update").count() == 1
    with pytest.raises(DomainError, match="Write a message"):
        services.post_deal_message(deal=deal, author=investor, body="   ")


def test_respond_maps_the_inbox_actions(creator, investor, pitch):
    deal = _propose(pitch, investor)
    services.respond_to_deal(deal=deal, actor=creator, action="counter", amount="90000")
    services.respond_to_deal(deal=deal, actor=investor, action="accept")
    deal.refresh_from_db()
    assert (deal.status, deal.amount) == ("accepted", Decimal("90000.00"))
    other = _propose(pitch, investor, deal_type="option")
    services.respond_to_deal(deal=other, actor=creator, action="reject")
    other.refresh_from_db()
    assert other.status == "declined"
    with pytest.raises(DomainError, match="accept, counter or decline"):
        services.respond_to_deal(deal=other, actor=creator, action="shrug")


def test_the_timeline_is_only_appended_to(investor, pitch):
    deal = _propose(pitch, investor)
    event = DealEvent.objects.get(deal=deal)
    event.note = "rewritten"
    with pytest.raises(ValueError, match="only appended"):
        event.save()
