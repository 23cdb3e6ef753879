"""Public site endpoints of the SPA: page content and stats, locale, the contact form, and the
browser's error reports (section 3.4, "Info requests, content, config, misc")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from content import selectors, services
from content.models import ClientError, ContactMessage
from pitchey.api import logged_in_user
from pitchey.errors import DomainError
from pitchey.ratelimit import client_ip

REPORT_MAX_BYTES = 64 * 1024

PAGE_OUT = inline_serializer(
    "SitePageContent",
    {
        "slug": serializers.CharField(),
        "title": serializers.CharField(),
        "summary": serializers.CharField(),
        "body": serializers.CharField(help_text="Sanitised HTML."),
        "updatedAt": serializers.DateTimeField(),
    },
)
STATS_OUT = inline_serializer(
    "SiteStats",
    {
        "metrics": serializers.ListField(child=serializers.DictField()),
        "pitches": serializers.IntegerField(),
        "creators": serializers.IntegerField(),
        "backers": serializers.IntegerField(),
        "ndasSigned": serializers.IntegerField(),
        "lastUpdated": serializers.DateTimeField(),
    },
)
STORED_OUT = inline_serializer(
    "ClientErrorStored", {"id": serializers.IntegerField(), "stored": serializers.BooleanField()}
)


class PayloadTooLarge(DomainError):
    status_code = 413
    code = "PAYLOAD_TOO_LARGE"


class SitePageApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A public site page (about, how-it-works, team...) with its structured parts",
        responses={200: PAGE_OUT, 404: OpenApiResponse(description="No such published page")},
    )
    def get(self, request: Request, slug: str) -> Response:
        content = selectors.page_content(slug)
        if content is None:
            raise Http404("No such page.")
        return Response(content)


class SiteStatsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Live platform figures for the public pages", responses=STATS_OUT)
    def get(self, request: Request) -> Response:
        return Response(selectors.site_stats())


class LocaleApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Display currency and language",
        responses=inline_serializer(
            "Locale",
            {
                "currency": serializers.CharField(),
                "multiCurrencyEnabled": serializers.BooleanField(),
                "supportedCurrencies": serializers.ListField(child=serializers.CharField()),
                "language": serializers.CharField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        currency = str(settings.BILLING_CURRENCY).upper()
        return Response(
            {
                "currency": currency,
                "multi_currency_enabled": False,
                "supported_currencies": [currency],
                "language": getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            }
        )


class ContactInput(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=ContactMessage.Kind.choices, required=False, default=ContactMessage.Kind.GENERAL
    )
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254)
    subject = serializers.CharField(max_length=200)
    message = serializers.CharField(max_length=5000)


class ContactApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Send a message to the Pitchey team (stored, emailed to staff; 5 an hour)",
        request=ContactInput,
        responses={
            201: inline_serializer(
                "ContactReceived",
                {"id": serializers.IntegerField(), "message": serializers.CharField()},
            )
        },
    )
    def post(self, request: Request) -> Response:
        payload = ContactInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        contact = services.send_contact_message(
            kind=data["type"],
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            message=data["message"],
            sender=logged_in_user(request),
            ip_address=client_ip(request),
        )
        return Response(
            {"id": contact.pk, "message": "Thank you: your message has reached the team."},
            status=201,
        )


class _ClientErrorApi(APIView):
    permission_classes = [AllowAny]
    source: str = ""

    def _store(self, request: Request) -> Response:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > REPORT_MAX_BYTES:
            raise PayloadTooLarge(f"An error report is at most {REPORT_MAX_BYTES // 1024} KB.")
        report: Any = request.data
        if not isinstance(report, dict) or not report:
            raise DomainError(
                "Send the error as a JSON object.",
                code="VALIDATION_ERROR",
                details={"message": ["Required."]},
            )
        stored = services.record_client_error(
            source=self.source,
            report=dict(report),
            user=logged_in_user(request),
            ip_address=client_ip(request),
        )
        return Response({"id": stored.pk, "stored": True}, status=201)


class ErrorLogApi(_ClientErrorApi):
    source = ClientError.Source.ERROR_LOG

    @extend_schema(
        summary="Report a browser error (size-capped, 30 a minute per address)",
        request=inline_serializer(
            "ErrorReport",
            {
                "message": serializers.CharField(),
                "stack": serializers.CharField(required=False),
                "context": serializers.DictField(required=False),
                "consoleErrors": serializers.ListField(required=False),
                "url": serializers.CharField(required=False),
                "userAgent": serializers.CharField(required=False),
                "timestamp": serializers.CharField(required=False),
                "level": serializers.CharField(required=False),
            },
        ),
        responses={201: STORED_OUT},
    )
    def post(self, request: Request) -> Response:
        return self._store(request)


class ConsoleErrorApi(_ClientErrorApi):
    source = ClientError.Source.CONSOLE

    @extend_schema(
        summary="Report a browser console error (size-capped, 30 a minute per address)",
        request=inline_serializer(
            "ConsoleErrorReport",
            {
                "message": serializers.CharField(),
                "stack": serializers.CharField(required=False),
                "url": serializers.CharField(required=False),
            },
        ),
        responses={201: STORED_OUT},
    )
    def post(self, request: Request) -> Response:
        return self._store(request)
