"""Deals from either side: the investor's pipeline, the creator's inbox, the shared thread,
signatures and timeline. Someone else's deal is a 404 with nothing written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from investments import services
from investments.api.common import CREATOR, INVESTOR, PortalOnly, deal_of, shape
from investments.api.rows import deal_row, event_row, message_row, signature_row
from investments.models import CURRENCIES, MAX_AMOUNT, Deal, DealEvent, DealMessage, DealSignature
from pitchey.api import flat_response, request_user
from pitchey.ratelimit import client_ip

DEALS = shape("Deals", "deals", "total")
DEAL = shape("Deal", "deal")
PARTIES = ("investor", "production", "creator")
STATUS_MOVES = {"accepted", "declined", "withdrawn", "negotiating", "closed", "rejected"}


def _rows(deals: list[Deal], viewer: Any) -> list[dict[str, Any]]:
    return [deal_row(d, viewer) for d in deals]


def _deal_body(deal_id: int, viewer: Any) -> dict[str, Any]:
    deal = deal_of(viewer, deal_id)
    return {"deal": deal_row(deal, viewer)}


class DealTermsInput(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        required=False,
    )
    counter_amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        required=False,
    )
    currency = serializers.ChoiceField(choices=CURRENCIES, required=False)
    backend_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        required=False,
    )
    backend_percentage = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        required=False,
    )
    territory = serializers.CharField(max_length=200, required=False, allow_blank=True)
    term_months = serializers.IntegerField(min_value=1, max_value=600, required=False)
    terms = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def terms_given(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        if "counter_amount" in data:
            data.setdefault("amount", data.pop("counter_amount"))
        if "backend_percentage" in data:
            data.setdefault("backend_percent", data.pop("backend_percentage"))
        data.pop("counter_amount", None)
        data.pop("backend_percentage", None)
        note = data.pop("note", "") or data.pop("notes", "")
        data.pop("notes", None)
        return {"note": note, **data}


class DealRespondInput(DealTermsInput):
    action = serializers.ChoiceField(choices=sorted(services.deals.RESPONSES))


# --- the investor's side ---------------------------------------------------------------------


class InvestorDealListApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(summary="Your deals, most recently moved first", responses=DEALS)
    def get(self, request: Request) -> Response:
        me = request_user(request)
        deals = list(Deal.objects.involving(me).for_display()[:200])
        return flat_response({"deals": _rows(deals, me), "total": len(deals)})


class InvestorPendingDealsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your open deals (awaiting an answer, acceptance or signature)", responses=DEALS
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        deals = list(Deal.objects.involving(me).open().for_display()[:200])
        return flat_response(
            {
                "deals": _rows(deals, me),
                "total": len(deals),
                "awaiting_you": sum(1 for d in deals if d.awaits(me)),
            }
        )


class DealStatusInput(DealTermsInput):
    status = serializers.ChoiceField(choices=sorted(STATUS_MOVES))


class InvestorDealStatusApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR
    throttle_scope = "strict"

    @extend_schema(
        summary="Move a deal: accept, decline, counter (negotiating), withdraw or close",
        request=DealStatusInput,
        responses=DEAL,
    )
    def put(self, request: Request, deal_id: int) -> Response:
        me = request_user(request)
        deal = deal_of(me, deal_id)
        payload = DealStatusInput(data=request.data)
        payload.is_valid(raise_exception=True)
        target = payload.validated_data["status"]
        given = payload.terms_given()
        given.pop("status", None)
        note = given.pop("note")
        if target == "accepted":
            services.accept_deal(deal=deal, actor=me, note=note)
        elif target in ("declined", "rejected"):
            services.decline_deal(deal=deal, actor=me, reason=note)
        elif target == "withdrawn":
            services.withdraw_deal(deal=deal, actor=me, reason=note)
        elif target == "closed":
            services.close_deal(deal=deal, actor=me, note=note)
        else:
            services.counter_deal(deal=deal, actor=me, note=note, **given)
        return flat_response(_deal_body(deal_id, me))


class DealTimelineApi(APIView):
    permission_classes = [PortalOnly]
    portals = PARTIES

    @extend_schema(
        summary="A deal's timeline, oldest first",
        responses=shape("DealTimeline", "deal", "timeline"),
    )
    def get(self, request: Request, deal_id: int) -> Response:
        me = request_user(request)
        deal = deal_of(me, deal_id)
        events = DealEvent.objects.filter_for(deal)
        return flat_response(
            {"deal": deal_row(deal, me), "timeline": [event_row(e) for e in events]}
        )


# --- shared by both parties ------------------------------------------------------------------


class DealMessageInput(serializers.Serializer):
    content = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    body = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    message = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    def text(self) -> str:
        data = self.validated_data
        return data.get("content") or data.get("body") or data.get("message") or ""


class DealMessagesApi(APIView):
    permission_classes = [PortalOnly]
    portals = PARTIES
    throttle_scope = "strict"

    @extend_schema(
        summary="The deal's message thread, oldest first",
        responses=shape("DealMessages", "messages"),
    )
    def get(self, request: Request, deal_id: int) -> Response:
        deal = deal_of(request_user(request), deal_id)
        messages = DealMessage.objects.filter_for(deal)
        return flat_response({"messages": [message_row(m) for m in messages]})

    @extend_schema(
        summary="Write in the deal's thread",
        request=DealMessageInput,
        responses={201: shape("DealMessage", "message")},
    )
    def post(self, request: Request, deal_id: int) -> Response:
        me = request_user(request)
        deal = deal_of(me, deal_id)
        payload = DealMessageInput(data=request.data)
        payload.is_valid(raise_exception=True)
        message = services.post_deal_message(deal=deal, author=me, body=payload.text())
        return flat_response({"message": message_row(message)}, 201)


class DealSignInput(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    agreed = serializers.BooleanField()


class DealSignApi(APIView):
    permission_classes = [PortalOnly]
    portals = PARTIES
    throttle_scope = "strict"

    @extend_schema(
        summary="Sign the accepted terms of a deal",
        request=DealSignInput,
        responses=shape("DealSigned", "signature", "deal"),
    )
    def post(self, request: Request, deal_id: int) -> Response:
        me = request_user(request)
        deal = deal_of(me, deal_id)
        payload = DealSignInput(data=request.data)
        payload.is_valid(raise_exception=True)
        signature = services.sign_deal(
            deal=deal,
            actor=me,
            ip_address=client_ip(request),
            user_agent=request.headers.get("User-Agent", "")[:500],
            **payload.validated_data,
        )
        return flat_response({"signature": signature_row(signature), **_deal_body(deal_id, me)})


class DealSignaturesApi(APIView):
    permission_classes = [PortalOnly]
    portals = PARTIES

    @extend_schema(
        summary="Who signed the deal, and whether it is fully signed",
        responses=shape("DealSignatures", "signatures", "fullySigned"),
    )
    def get(self, request: Request, deal_id: int) -> Response:
        me = request_user(request)
        deal = deal_of(me, deal_id)
        signatures = DealSignature.objects.filter_for(deal)
        party = deal.party_of(me)
        return flat_response(
            {
                "signatures": [signature_row(s) for s in signatures],
                "fully_signed": len(signatures) == 2,
                "signed_by_me": any(s.party == party for s in signatures),
                "can_sign": deal.status == Deal.Status.ACCEPTED
                and party is not None
                and not any(s.party == party for s in signatures),
                "terms_sha256": services.terms_digest(deal),
                "status": deal.status,
            }
        )


# --- the creator's inbox ---------------------------------------------------------------------


class CreatorDealListApi(APIView):
    permission_classes = [PortalOnly]
    portals = CREATOR

    @extend_schema(
        summary="Deal offers on your pitches, most recently moved first", responses=DEALS
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        deals = list(Deal.objects.involving(me).filter_creator(me).for_display()[:200])
        return flat_response(
            {
                "deals": _rows(deals, me),
                "total": len(deals),
                "awaiting_you": sum(1 for d in deals if d.awaits(me)),
            }
        )


class CreatorDealRespondApi(APIView):
    permission_classes = [PortalOnly]
    portals = CREATOR
    throttle_scope = "strict"

    @extend_schema(
        summary="Answer a deal offer: accept, counter (new terms) or decline",
        request=DealRespondInput,
        responses=DEAL,
    )
    def post(self, request: Request, deal_id: int) -> Response:
        me = request_user(request)
        deal = deal_of(me, deal_id)
        payload = DealRespondInput(data=request.data)
        payload.is_valid(raise_exception=True)
        given = payload.terms_given()
        action = given.pop("action")
        services.respond_to_deal(deal=deal, actor=me, action=action, **given)
        return flat_response(_deal_body(deal_id, me))


class DealOutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Deal.Outcome.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CreatorDealOutcomeApi(APIView):
    permission_classes = [PortalOnly]
    portals = CREATOR
    throttle_scope = "strict"

    @extend_schema(
        summary="Record how a deal ended: closed on Pitchey, closed elsewhere, or dead",
        request=DealOutcomeInput,
        responses=DEAL,
    )
    def post(self, request: Request, deal_id: int) -> Response:
        me = request_user(request)
        deal = deal_of(me, deal_id)
        payload = DealOutcomeInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.record_deal_outcome(
            deal=deal, actor=me, outcome=data["outcome"], note=data["note"] or data["notes"]
        )
        return flat_response(_deal_body(deal_id, me))
