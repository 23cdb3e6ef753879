"""Two people pressing the same button at once: the row lock lets exactly one change through."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

from investments import services
from investments.models import Deal, DealEvent, Investment, Transaction
from pitchey.errors import Conflict

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*moves: Callable[[], Any]) -> list[str]:
    start = threading.Barrier(len(moves))

    def run(move: Callable[[], Any]) -> str:
        try:
            start.wait(timeout=30)
            move()
            return "ok"
        except Conflict:
            return "conflict"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(moves)) as pool:
        return sorted(pool.map(run, moves))


def test_two_simultaneous_withdrawals_refund_once(investor, pitch):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    move = lambda: services.withdraw_investment(investment=investment, actor=investor)  # noqa: E731
    assert _race(move, move) == ["conflict", "ok"]
    assert Investment.objects.get().status == "withdrawn"
    assert Transaction.objects.filter(kind="refund").count() == 1


def test_two_simultaneous_acceptances_then_withdrawals_make_one_change_each(
    creator, investor, pitch
):
    deal = services.propose_deal(pitch=pitch, proposer=investor, deal_type="option")
    accept = lambda: services.accept_deal(deal=deal, actor=creator)  # noqa: E731
    assert _race(accept, accept) == ["conflict", "ok"]
    assert Deal.objects.get().status == "accepted"
    withdraw_by = lambda who: lambda: services.withdraw_deal(deal=deal, actor=who)  # noqa: E731
    assert _race(withdraw_by(creator), withdraw_by(investor)) == ["conflict", "ok"]
    assert Deal.objects.get().status == "withdrawn"
    kinds = list(DealEvent.objects.values_list("kind", flat=True))
    assert kinds == ["proposed", "accepted", "withdrawn"]
