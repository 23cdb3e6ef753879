"""GDPR erasure in billing: the ledgers (credit entries, payments, subscriptions, promo
redemptions) are accounting records and stay as they are (art. 17(3)(b)); they hold amounts,
kinds and provider ids, not the person's words. The person's customer at the payment provider
(name, email, cards) is deleted there after commit, by a retried task. The sandbox provider's
stand-ins for the provider's objects (customer, card, checkout sessions) lose every text that
names the person (`markers`), as deleting a customer at the provider would."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db import transaction

from billing.models import SandboxObject


def _without(value: Any, markers: Sequence[str]) -> Any:
    if isinstance(value, dict):
        return {key: _without(item, markers) for key, item in value.items()}
    if isinstance(value, list):
        return [_without(item, markers) for item in value]
    if isinstance(value, str) and any(m.lower() in value.lower() for m in markers):
        return ""
    return value


@transaction.atomic
def erase_person(*, user_id: int, markers: Sequence[str], customer_id: str = "") -> dict[str, int]:
    from billing import tasks

    if customer_id:
        transaction.on_commit(partial(tasks.delete_provider_customer.delay, customer_id))
    changed = 0
    for obj in SandboxObject.objects.select_for_update().filter(user_id=user_id):
        cleaned = _without(obj.data, markers)
        if cleaned != obj.data:
            obj.data = cleaned
            obj.save(update_fields=["data", "updated_at"])
            changed += 1
    return {"sandbox_objects": changed, "provider_customers": int(bool(customer_id))}
