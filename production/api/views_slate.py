"""The company's slate (PR1) and saved pitches (PR11)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.api import flat_response, request_user
from production import selectors
from production.api.common import CompanyOnly, pitch_brief, shape


class SlateApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="Your projects and saved pitches, grouped by development stage",
        responses=shape("ProductionSlate", "columns", "total"),
    )
    def get(self, request: Request) -> Response:
        rows = selectors.slate_pitches(request_user(request))
        columns = selectors.stage_columns(rows, pitch_brief)
        return flat_response(
            {
                "columns": columns,
                "stages": {c["stage"]: c["pitches"] for c in columns},
                "total": len(rows),
            }
        )


class SavedPitchesApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="Pitches your company saved", responses=shape("ProductionSaved", "pitches")
    )
    def get(self, request: Request) -> Response:
        rows = [
            {**pitch_brief(p), "source": source}
            for p, source in selectors.slate_pitches(request_user(request))
            if source == "saved"
        ]
        return flat_response({"pitches": rows, "savedPitches": rows, "total": len(rows)})
