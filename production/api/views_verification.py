"""Company verification (PR2): submit details, upload a document, read the state, search the
company directory."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.api import CamelCaseMultiPartParser, flat_response, request_user
from production import selectors, services
from production.api.common import CompanyOnly, shape, verification_data

STATE = shape(
    "VerificationState", "status", "verified", "verification", "checks", "missing", "reason"
)


class VerificationStatusApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="Your company's verification: state, checks, what is missing", responses=STATE
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        return flat_response(verification_data(user, selectors.latest_verification(user)))


class VerifyApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        company_name = serializers.CharField(max_length=255)
        region = serializers.CharField(max_length=20)
        website_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
        website = serializers.CharField(max_length=500, required=False, allow_blank=True)
        has_company_number = serializers.BooleanField(required=False)
        company_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
        registration_number = serializers.CharField(max_length=40, required=False, allow_blank=True)

    @extend_schema(
        summary="Submit company details; the automatic checks run at once",
        request=InputSerializer,
        responses={201: STATE},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request_user(request)
        verification = services.submit_verification(
            company=user,
            company_name=data["company_name"],
            region=data["region"],
            registration_number=data.get("company_number") or data.get("registration_number", ""),
            website=data.get("website_url") or data.get("website", ""),
        )
        user.refresh_from_db(fields=["company_verified"])
        return flat_response(verification_data(user, verification), status.HTTP_201_CREATED)


class UploadInsuranceApi(APIView):
    permission_classes = [CompanyOnly]
    parser_classes = [CamelCaseMultiPartParser]

    @extend_schema(
        summary="Upload an insurance certificate or registration document (PDF or image)",
        request={
            "multipart/form-data": inline_serializer(
                "VerificationUpload", {"file": serializers.FileField()}
            )
        },
        responses={201: STATE},
    )
    def post(self, request: Request) -> Response:
        upload = next(iter(request.FILES.values()), None)
        if upload is None:
            raise serializers.ValidationError({"file": ["Attach a PDF or an image."]})
        user = request_user(request)
        verification = services.attach_document(
            company=user, fileobj=upload, name=upload.name or "document", size=upload.size or 0
        )
        return flat_response(verification_data(user, verification), status.HTTP_201_CREATED)


class CompanySearchApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="Companies by name (the local directory standing in for Companies House)",
        parameters=[OpenApiParameter("q", str)],
        responses=shape("CompanySearch", "results", "companies", "items"),
    )
    def get(self, request: Request) -> Response:
        found = selectors.company_directory(request.query_params.get("q", ""))
        return flat_response({"results": found, "companies": found, "items": found})
