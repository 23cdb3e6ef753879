"""What the investments API views share: the portal gates, schema shapes, reading one's own rows
(someone else's is a 404) and paging hand-built lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.request import Request

from investments.models import Deal, Investment
from pitches.api.views_dashboards import PortalOnly
from pitchey.api import MAX_PAGE_PARAM

if TYPE_CHECKING:
    from accounts.models import User

__all__ = ["INVESTOR", "PortalOnly", "deal_of", "investment_of", "shape"]

INVESTOR = ("investor",)
CREATOR = ("creator",)


def shape(name: str, *keys: str) -> Any:
    """A response schema of named parts (their insides are described by the summary)."""
    return inline_serializer(f"Investments{name}", {key: serializers.JSONField() for key in keys})


def investment_of(user: User, investment_id: int) -> Investment:
    """The user's own investment; anyone else's is as missing as a missing one."""
    if investment_id > MAX_PAGE_PARAM * 1000:
        raise Http404
    found = Investment.objects.held_by(user).for_display().filter(pk=investment_id).first()
    if found is None:
        raise Http404
    return found


def deal_of(user: User, deal_id: int) -> Deal:
    """A deal the user is a party to (staff: any); otherwise 404."""
    if deal_id > MAX_PAGE_PARAM * 1000:
        raise Http404
    found = Deal.objects.involving(user).for_display().filter(pk=deal_id).first()
    if found is None:
        raise Http404
    return found


class Paging(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_PARAM, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=100, required=False, default=20)
    offset = serializers.IntegerField(min_value=0, max_value=10**9, required=False)


def page_of(request: Request, data: dict[str, Any]) -> tuple[int, int]:
    """Page and limit from validated `Paging` data (an offset picks its page)."""
    limit = data.get("limit") or 20
    if data.get("page"):
        return data["page"], limit
    return (data.get("offset") or 0) // limit + 1, limit
