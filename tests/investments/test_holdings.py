"""Recording and withdrawing investments: who may, the bounds on amounts, the ledger rows each
change appends, and the ledger refusing to be changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from analytics.models import AuditLog
from investments import services
from investments.models import Investment, Transaction, Valuation
from messaging.models import Notification
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError
from tests.factories import UserFactory
from tests.investments.conftest import grant

pytestmark = pytest.mark.django_db


def test_an_investment_appends_to_the_ledger_audits_and_tells_the_creator(
    investor, pitch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        investment = services.record_investment(
            investor=investor, pitch=pitch, amount="25000.50", currency="eur"
        )
    assert investment.status == Investment.Status.ACTIVE
    assert investment.amount == investment.current_value == Decimal("25000.50")
    assert investment.currency == "EUR"
    entry = Transaction.objects.get(investment=investment)
    assert (entry.kind, entry.amount, entry.currency) == ("investment", Decimal("25000.50"), "EUR")
    assert entry.signed_amount == Decimal("-25000.50")
    assert Valuation.objects.filter(investment=investment).count() == 1
    assert AuditLog.objects.filter(action="investments.investment.recorded").count() == 1
    note = Notification.objects.get(user=pitch.owner)
    assert note.kind == "investment_received"
    assert "25,000.50 EUR" in note.body


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "greater than zero"),
        ("-5", "greater than zero"),
        ("1000000000.01", "at most"),
        ("12.345", "two decimal places"),
        ("NaN", "an amount such as"),
        ("Infinity", "an amount such as"),
        ("lots", "an amount such as"),
        (None, "an amount such as"),
    ],
)
def test_amounts_are_positive_bounded_and_in_cents(investor, pitch, amount, message):
    with pytest.raises(DomainError, match=message) as refused:
        services.record_investment(investor=investor, pitch=pitch, amount=amount)
    assert refused.value.details == {"amount": [refused.value.message]}
    assert not Investment.objects.exists()
    assert not Transaction.objects.exists()


def test_only_investors_invest_and_never_in_their_own_pitch(creator, production, watcher, pitch):
    with pytest.raises(NotAllowed, match="own pitch"):
        services.record_investment(investor=creator, pitch=pitch, amount=10)
    for user in (production, watcher):
        with pytest.raises(NotAllowed, match="Only investors"):
            services.record_investment(investor=user, pitch=pitch, amount=10)
    assert not Investment.objects.exists()


def test_a_draft_pitch_takes_no_money(investor, pitch):
    pitch.status = "draft"
    pitch.save(update_fields=["status"])
    with pytest.raises(Conflict, match="not open"):
        services.record_investment(investor=investor, pitch=pitch, amount=10)


def test_an_nda_pitch_needs_live_access(investor, nda_pitch):
    with pytest.raises(NotAllowed, match="NDA"):
        services.record_investment(investor=investor, pitch=nda_pitch, amount=10)
    grant(investor, nda_pitch)
    assert services.record_investment(investor=investor, pitch=nda_pitch, amount=10).pk


def test_withdrawal_refunds_through_the_ledger_once(investor, pitch):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    services.withdraw_investment(investment=investment, actor=investor, reason="Changed plans")
    investment.refresh_from_db()
    assert investment.status == "withdrawn"
    assert investment.current_value == 0
    kinds = sorted(Transaction.objects.filter(investment=investment).values_list("kind", flat=True))
    assert kinds == ["investment", "refund"]
    with pytest.raises(Conflict, match="already withdrawn"):
        services.withdraw_investment(investment=investment, actor=investor)
    assert Transaction.objects.filter(investment=investment).count() == 2


def test_someone_elses_investment_is_missing_and_untouched(investor, pitch):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    stranger = UserFactory(user_type="investor")
    with pytest.raises(NotFoundError):
        services.withdraw_investment(investment=investment, actor=stranger)
    with pytest.raises(NotFoundError):
        services.update_investment(investment=investment, actor=stranger, current_value=5)
    investment.refresh_from_db()
    assert (investment.status, investment.current_value) == ("active", Decimal("1000.00"))
    assert Transaction.objects.count() == 1


def test_revaluing_appends_a_valuation_and_ended_values_are_final(investor, pitch):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    services.update_investment(investment=investment, actor=investor, current_value="1500")
    investment.refresh_from_db()
    assert investment.current_value == Decimal("1500.00")
    assert investment.roi_percent == Decimal("50.00")
    assert Valuation.objects.filter(investment=investment).count() == 2
    services.withdraw_investment(investment=investment, actor=investor)
    with pytest.raises(Conflict, match="final"):
        services.update_investment(investment=investment, actor=investor, current_value="10")


def test_staff_complete_a_holding_with_a_distribution(investor, pitch, staff):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    with pytest.raises(NotAllowed):
        services.complete_investment(investment=investment, actor=investor, final_value=2000)
    services.complete_investment(investment=investment, actor=staff, final_value=2000)
    returned = Transaction.objects.get(investment=investment, kind="return")
    assert returned.amount == Decimal("2000.00")
    with pytest.raises(DomainError, match="return or a fee"):
        services.record_ledger_entry(investment=investment, actor=staff, kind="refund", amount=1)
    fee = services.record_ledger_entry(investment=investment, actor=staff, kind="fee", amount=25)
    assert fee.signed_amount == Decimal("-25.00")


def test_the_ledger_is_never_changed_or_deleted(investor, pitch):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    entry = Transaction.objects.get(investment=investment)
    entry.amount = Decimal(1)
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()
    # Past the model, the database refuses as well.
    for statement in (
        "UPDATE investment_transactions SET amount = 1",
        "DELETE FROM investment_transactions",
        "UPDATE investment_valuations SET value = 1",
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert Transaction.objects.get().amount == Decimal("1000.00")


def test_a_pitch_with_money_on_record_cannot_be_deleted(investor, pitch, creator):
    from pitches import services as pitch_services

    services.record_investment(investor=investor, pitch=pitch, amount=1000)
    with pytest.raises(Conflict, match="Archive it"):
        pitch_services.delete_pitch(pitch=pitch, actor=creator)
    pitch.refresh_from_db()
    assert Transaction.objects.count() == 1
