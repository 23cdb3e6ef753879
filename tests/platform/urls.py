"""The site's URLs plus a few views that exist only to exercise the API conventions."""

from django.db import connection
from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.errors import Conflict
from pitchey.urls import urlpatterns as site_patterns


class EchoApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    class InputSerializer(serializers.Serializer):
        full_name = serializers.CharField(max_length=20)
        budget_range = serializers.ChoiceField(choices=["low", "high"])

    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response({"echoed_back": payload.validated_data}, status=201)


class ConflictApi(APIView):
    def post(self, request: Request) -> Response:
        raise Conflict("That already exists.")


class DatabaseApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def get(self, request: Request) -> Response:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 41 + 1")
            (value,) = cursor.fetchone()
        return Response({"answer": value})


urlpatterns = [
    path("api/test/echo", EchoApi.as_view()),
    path("api/test/conflict", ConflictApi.as_view()),
    path("api/test/database", DatabaseApi.as_view()),
    *site_patterns,
]

handler404 = "pitchey.views.handler404"
handler500 = "pitchey.views.handler500"
