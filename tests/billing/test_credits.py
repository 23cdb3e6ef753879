"""The credits ledger as a service: spending, its price and refusal, grants and revocations."""

from __future__ import annotations

import pytest

from analytics.models import AuditLog
from billing.models import CreditEntry, Subscription
from billing.services import credits
from billing.services.credits import InsufficientCredits
from pitchey.errors import DomainError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_balance_is_the_sum_of_the_entries_and_each_entry_records_the_running_balance(buyer):
    credits.grant_credits(user=buyer, amount=30, reason="welcome", actor=None)
    credits.spend(user=buyer, action="nda_request")
    credits.spend(user=buyer, action="send_message")

    entries = list(CreditEntry.objects.filter(user=buyer).order_by("id"))
    assert [(e.kind, e.amount, e.balance_after) for e in entries] == [
        ("grant", 30, 30),
        ("spend", -10, 20),
        ("spend", -2, 18),
    ]
    assert credits.balance_of(buyer.pk) == 18 == sum(e.amount for e in entries)


def test_a_short_balance_is_refused_with_the_price_and_nothing_is_written(buyer):
    credits.grant_credits(user=buyer, amount=7, reason="welcome", actor=None)

    with pytest.raises(InsufficientCredits, match="costs 10 credits") as refused:
        credits.spend(user=buyer, action="nda_request")

    assert refused.value.status_code == 402
    assert refused.value.code == "INSUFFICIENT_CREDITS"
    assert refused.value.details == {
        "action": "nda_request",
        "price": 10,
        "required": 10,
        "balance": 7,
    }
    assert CreditEntry.objects.filter(user=buyer).count() == 1


def test_costs_come_from_settings(buyer, settings):
    settings.CREDIT_COSTS = {**settings.CREDIT_COSTS, "nda_request": 4}
    credits.grant_credits(user=buyer, amount=5, reason="welcome", actor=None)

    entry = credits.spend(user=buyer, action="nda_request")

    assert entry is not None
    assert entry.amount == -4


def test_a_free_action_writes_no_entry(buyer, settings):
    settings.CREDIT_COSTS = {**settings.CREDIT_COSTS, "video_link": 0}

    assert credits.spend(user=buyer, action="video_link") is None
    assert not CreditEntry.objects.filter(user=buyer).exists()


def test_messages_are_paid_by_creators_and_free_for_investors(buyer, broke_investor):
    with pytest.raises(InsufficientCredits):
        credits.spend(user=buyer, action="send_message")
    assert credits.spend(user=broke_investor, action="send_message") is None


def test_an_unlimited_plan_pays_nothing_while_it_is_live(buyer):
    sub = Subscription.objects.create(
        user=buyer, plan="creator_unlimited", status="active", stripe_subscription_id="sub_u"
    )
    assert credits.spend(user=buyer, action="nda_request") is None

    Subscription.objects.filter(pk=sub.pk).update(status="canceled")
    with pytest.raises(InsufficientCredits):
        credits.spend(user=buyer, action="nda_request")


def test_a_capped_plan_still_pays_per_action(buyer):
    Subscription.objects.create(
        user=buyer, plan="creator_plus", status="active", stripe_subscription_id="sub_p"
    )
    with pytest.raises(InsufficientCredits):
        credits.spend(user=buyer, action="nda_request")


def test_spend_records_what_was_paid_for(buyer):
    credits.grant_credits(user=buyer, amount=10, reason="welcome", actor=None)
    subject = UserFactory()  # any model instance names the thing bought

    entry = credits.spend(user=buyer, action="nda_request", subject=subject)

    assert entry is not None
    assert (entry.subject_type, entry.subject_id) == ("accounts.user", str(subject.pk))
    assert entry.action == "nda_request"


def test_staff_grants_and_revocations_are_audited_with_their_reason(buyer, staff):
    grant = credits.grant_credits(user=buyer, amount=25, reason="  goodwill  ", actor=staff)
    revoke = credits.revoke_credits(user=buyer, amount=5, reason="mistake", actor=staff)

    assert grant is not None
    assert (grant.actor, grant.description, revoke.amount) == (staff, "goodwill", -5)
    logs = AuditLog.objects.filter(actor=staff).order_by("id")
    assert [(log.action, log.data["amount"], log.data["reason"]) for log in logs] == [
        ("billing.credits.granted", 25, "goodwill"),
        ("billing.credits.revoked", 5, "mistake"),
    ]
    assert credits.balance_of(buyer.pk) == 20


@pytest.mark.parametrize(
    ("amount", "reason", "message"),
    [
        (0, "x", "Choose between"),
        (-3, "x", "Choose between"),
        (10**9, "x", "Choose between"),
        (5, "   ", "Give a reason"),
    ],
)
def test_adjustments_need_a_sane_amount_and_a_reason(buyer, staff, amount, reason, message):
    with pytest.raises(DomainError, match=message):
        credits.grant_credits(user=buyer, amount=amount, reason=reason, actor=staff)
    assert not CreditEntry.objects.filter(user=buyer).exists()


def test_revoking_more_than_the_balance_is_refused(buyer, staff):
    credits.grant_credits(user=buyer, amount=3, reason="welcome", actor=staff)

    with pytest.raises(DomainError, match="The balance is 3"):
        credits.revoke_credits(user=buyer, amount=4, reason="too much", actor=staff)
    assert credits.balance_of(buyer.pk) == 3


def test_a_referenced_grant_happens_once(buyer):
    first = credits.grant_credits(user=buyer, amount=5, reason="demo", actor=None, reference="d:1")
    again = credits.grant_credits(user=buyer, amount=5, reason="demo", actor=None, reference="d:1")

    assert first is not None
    assert again is None
    assert credits.balance_of(buyer.pk) == 5


def test_the_ledger_refuses_entries_whose_sign_contradicts_their_kind(buyer):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CreditEntry.objects.create(user=buyer, kind="spend", amount=5, balance_after=5)


def test_require_credits_fails_fast_without_writing(buyer):
    with pytest.raises(InsufficientCredits):
        credits.require_credits(user=buyer, action="word_doc")
    assert not CreditEntry.objects.filter(user=buyer).exists()
