"""The investor's own research: the thesis, notes and the due-diligence checklist. Only the
author changes them; notes and checklists are private to their author."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from investments.models import (
    BudgetAllocation,
    DiligenceChecklist,
    InvestmentThesis,
    InvestorNote,
)
from investments.services.common import audit, clean_money, invalid, invalidate_portfolio
from pitches import config
from pitchey.errors import NotAllowed, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User
    from pitches.models import Pitch

MAX_TAGS = 30
DEAL_TYPES = ["investment", "option", "acquisition", "co_production", "distribution"]
MAX_CHECKLIST_ITEMS = 100


def _ensure_investor(user: User) -> None:
    if getattr(user, "user_type", "") != "investor":
        raise NotAllowed("Only investors keep an investment thesis.")


def _choices(field: str, values: Any, allowed: list[str]) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, list | tuple) or len(values) > MAX_TAGS:
        raise invalid(field, f"Send a list of at most {MAX_TAGS} values.")
    lookup = {a.lower(): a for a in allowed}
    unknown = [v for v in values if not isinstance(v, str) or v.lower() not in lookup]
    if unknown:
        raise invalid(field, f"Unknown value: {str(unknown[0])[:50]}.")
    return list(dict.fromkeys(lookup[v.lower()] for v in values))


def _free_tags(field: str, values: Any) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, list | tuple) or len(values) > MAX_TAGS:
        raise invalid(field, f"Send a list of at most {MAX_TAGS} values.")
    if any(not isinstance(v, str) or not v.strip() or len(v) > 100 for v in values):
        raise invalid(field, "Each value is a text of 1 to 100 characters.")
    return list(dict.fromkeys(v.strip() for v in values))


@transaction.atomic
def save_thesis(*, investor: User, fields: dict[str, Any]) -> InvestmentThesis:
    """Create or change the investor's thesis from the fields given (others stay)."""
    _ensure_investor(investor)
    thesis, _ = InvestmentThesis.objects.select_for_update().get_or_create(investor=investor)
    lists = {
        "genres": config.GENRES,
        "formats": list(config.FORMAT_CATEGORIES),
        "budget_brackets": config.BUDGET_KEYS,
        "stages": config.STAGE_KEYS,
    }
    for field, allowed in lists.items():
        if field in fields:
            setattr(thesis, field, _choices(field, fields[field], allowed))
    if "deal_types" in fields:
        thesis.deal_types = _choices("deal_types", fields["deal_types"], DEAL_TYPES)
    for field in ("territories", "themes"):
        if field in fields:
            setattr(thesis, field, _free_tags(field, fields[field]))
    for field in ("ticket_min", "ticket_max"):
        if field in fields:
            raw = fields[field]
            setattr(thesis, field, None if raw in (None, "") else clean_money(raw, field=field))
    if thesis.ticket_min and thesis.ticket_max and thesis.ticket_min > thesis.ticket_max:
        raise invalid("ticket_max", "The largest ticket must be at least the smallest.")
    if "summary" in fields:
        summary = str(fields["summary"] or "")
        if len(summary) > 2000:
            raise invalid("summary", "Use at most 2000 characters.")
        thesis.summary = summary
    if "is_public" in fields:
        thesis.is_public = bool(fields["is_public"])
    thesis.save()
    audit(thesis, "thesis.saved", investor, public=thesis.is_public)
    invalidate_portfolio(investor.pk)
    return thesis


@transaction.atomic
def add_note(
    *, author: User, pitch: Pitch, content: str, category: str = "general", is_private: bool = True
) -> InvestorNote:
    text = str(content or "").strip()
    if not text:
        raise invalid("content", "Write the note.")
    if len(text) > 5000:
        raise invalid("content", "Use at most 5000 characters.")
    if category not in InvestorNote.Category.values:
        raise invalid("category", f"Choose one of {', '.join(InvestorNote.Category.values)}.")
    note = InvestorNote.objects.create(
        author=author, pitch=pitch, content=text, category=category, is_private=is_private
    )
    audit(note, "note.added", author, pitch_id=pitch.pk)
    return note


@transaction.atomic
def delete_note(*, note: InvestorNote, actor: User) -> None:
    if note.author_id != actor.pk:
        raise NotFoundError("No such note.")
    audit(note, "note.deleted", actor, pitch_id=note.pitch_id)
    note.delete()


def _clean_items(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or len(items) > MAX_CHECKLIST_ITEMS:
        raise invalid("checklist", f"Send a list of at most {MAX_CHECKLIST_ITEMS} items.")
    clean = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"label": item}
        if not isinstance(item, dict):
            raise invalid("checklist", f"Item {n} must be an object with a label.")
        label = str(item.get("label") or item.get("item") or item.get("title") or "").strip()
        if not label or len(label) > 300:
            raise invalid("checklist", f"Item {n} needs a label of at most 300 characters.")
        done = item.get("done", item.get("completed", item.get("checked", False)))
        clean.append({"id": str(item.get("id") or n)[:40], "label": label, "done": bool(done)})
    return clean


@transaction.atomic
def save_diligence(*, investor: User, pitch: Pitch, items: Any) -> DiligenceChecklist:
    """Replace the investor's checklist for `pitch` (one per investor and pitch)."""
    clean = _clean_items(items)
    checklist, _ = DiligenceChecklist.objects.select_for_update().get_or_create(
        investor=investor, pitch=pitch
    )
    checklist.items, checklist.updated_at = clean, timezone.now()
    checklist.save(update_fields=["items", "updated_at"])
    audit(checklist, "diligence.saved", investor, pitch_id=pitch.pk, items=len(clean))
    return checklist


MAX_PREFERENCES = 50


@transaction.atomic
def save_preferences(*, investor: User, values: Any) -> InvestmentThesis:
    """Merge flat settings (text up to 200 characters, numbers, booleans) into the investor's."""
    _ensure_investor(investor)
    if not isinstance(values, dict):
        raise invalid("settings", "Send an object of settings.")
    for key, value in values.items():
        if len(str(key)) > 60 or not (
            isinstance(value, bool | int | float) or (isinstance(value, str) and len(value) <= 200)
        ):
            raise invalid(str(key)[:60], "A setting is a short text, a number or true/false.")
    thesis, _ = InvestmentThesis.objects.select_for_update().get_or_create(investor=investor)
    merged = {**thesis.preferences, **values}
    if len(merged) > MAX_PREFERENCES:
        raise invalid("settings", f"At most {MAX_PREFERENCES} settings.")
    thesis.preferences = merged
    thesis.save(update_fields=["preferences", "updated_at"])
    audit(thesis, "settings.saved", investor, keys=sorted(values))
    return thesis


@transaction.atomic
def allocate_budget(
    *,
    investor: User,
    category: str,
    allocated_amount: Any,
    allocation: BudgetAllocation | None = None,
) -> BudgetAllocation:
    """Create or change how much the investor plans for one category."""
    _ensure_investor(investor)
    amount = clean_money(allocated_amount, field="allocated_amount", allow_zero=True)
    name = str(category or "").strip()
    if allocation is None:
        if not name or len(name) > 100:
            raise invalid("category", "Name the category (up to 100 characters).")
        allocation, _ = BudgetAllocation.objects.select_for_update().get_or_create(
            investor=investor, category=name, defaults={"allocated_amount": amount}
        )
    elif allocation.investor_id != investor.pk:
        raise NotFoundError("No such allocation.")
    allocation.allocated_amount = amount
    allocation.save(update_fields=["allocated_amount", "updated_at"])
    audit(allocation, "budget.allocated", investor, category=allocation.category, amount=amount)
    return allocation
