"""`POST /api/webhooks/stripe`: Stripe's (and the sandbox's) signed event deliveries."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.api import schemas
from billing.services import webhooks


class StripeWebhookApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # Stripe signs its deliveries; no cookie, so no CSRF either
    throttle_classes = []  # Stripe retries in bursts after an outage; the signature gates it

    @extend_schema(summary="Stripe webhook (signed)", request=None, responses=schemas.WEBHOOK)
    def post(self, request: Request) -> Response:
        result = webhooks.handle_webhook(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
        data = {"received": True, "event_id": result.event_id, "outcome": result.outcome}
        return Response({**data, "duplicate": result.outcome == "duplicate"})
