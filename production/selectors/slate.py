"""The company's slate (PR1): its own projects and the pitches it saved, grouped by stage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from pitches.config import DEVELOPMENT_STAGES
from pitches.models import Pitch, SavedPitch

if TYPE_CHECKING:
    from accounts.models import User

SLATE_LIMIT = 300


def slate_pitches(user: User) -> list[tuple[Pitch, str]]:
    """(pitch, source) for the company's own pitches and those it saved and may still see."""
    own = list(Pitch.objects.owned_by(user).exclude(status="archived").order_by("-updated_at"))
    saved = [
        row.pitch
        for row in SavedPitch.objects.visible_to(user)
        .exclude(pitch__owner=user)
        .select_related("pitch")
        .order_by("-created_at")[:SLATE_LIMIT]
    ]
    return [(p, "own") for p in own[:SLATE_LIMIT]] + [(p, "saved") for p in saved]


def stage_columns(rows: list[tuple[Pitch, str]], render: Any) -> list[dict[str, Any]]:
    """One column per development stage (in the marketplace's order), then "other"."""
    labels = dict(DEVELOPMENT_STAGES)
    columns: dict[str, list[dict[str, Any]]] = {key: [] for key in labels}
    other: list[dict[str, Any]] = []
    for pitch, source in rows:
        target = columns.get(pitch.development_stage, other)
        target.append({**render(pitch), "source": source})
    out = [
        {"stage": key, "label": labels[key], "pitches": items, "count": len(items)}
        for key, items in columns.items()
    ]
    out.append({"stage": "other", "label": "Other", "pitches": other, "count": len(other)})
    return out


def slate_counts(user_id: int) -> dict[str, int]:
    """Own projects by stage and saved pitches, for the dashboard (one query each)."""
    own = dict(
        Pitch.objects.filter(owner_id=user_id)
        .exclude(status="archived")
        .values("development_stage")
        .annotate(n=Count("id"))
        .values_list("development_stage", "n")
    )
    saved = SavedPitch.objects.filter(
        Q(user_id=user_id), ~Q(pitch__owner_id=user_id), pitch__status="published"
    ).count()
    return {
        **{stage or "other": n for stage, n in own.items()},
        "own": sum(own.values()),
        "saved": saved,
    }
