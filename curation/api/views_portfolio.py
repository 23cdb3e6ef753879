"""The creator's portfolio, its share links, and the public portfolio pages they open."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from curation import selectors, services
from curation.api import serializers as s
from curation.models import ShareLink
from pitches.api.common import render_cards
from pitchey.api import flat_response, request_user, request_viewer

PORTFOLIO = inline_serializer(
    "Portfolio",
    {
        "creator": serializers.DictField(),
        "pitches": serializers.ListField(child=serializers.DictField()),
    },
)
LINK = inline_serializer(
    "ShareLink",
    {
        "id": serializers.IntegerField(),
        "token": serializers.CharField(),
        "label": serializers.CharField(),
        "view_count": serializers.IntegerField(),
        "url": serializers.CharField(),
    },
)


class MyPortfolioApi(APIView):
    @extend_schema(
        summary="Your portfolio: profile, figures and every pitch of yours", responses=PORTFOLIO
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        cards = render_cards(request, selectors.portfolio_pitches(me, owner_view=True))
        pitches = [{**card, "cover_image": card.get("title_image") or ""} for card in cards]
        live_links = selectors.my_links(me, kind=ShareLink.Kind.PORTFOLIO).count()
        return flat_response(
            {
                "creator": selectors.creator_profile(me),
                "pitches": pitches,
                "share_link_count": live_links,
            }
        )


class PublicPortfolioApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A creator's public portfolio: published pitches, public parts only",
        responses=PORTFOLIO,
    )
    def get(self, request: Request, user_id: int) -> Response:
        creator = selectors.public_creator_or_404(request_viewer(request), user_id)
        profile = selectors.creator_profile(creator)
        pitches = selectors.public_pitches(selectors.portfolio_pitches(creator, owner_view=False))
        achievements = [{"kind": "trust_tier", "tier": profile["trust_tier"]}]
        return flat_response({"creator": profile, "pitches": pitches, "achievements": achievements})


class SharedPortfolioApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A portfolio through its share link (counts a view)", responses=PORTFOLIO
    )
    def get(self, request: Request, token: str) -> Response:
        link = services.open_share_link(token=token[:64], kind=ShareLink.Kind.PORTFOLIO)
        pitches = selectors.portfolio_pitches(link.owner, owner_view=False)
        return flat_response(
            {
                "creator": selectors.creator_profile(link.owner),
                "pitches": selectors.public_pitches(pitches),
                "share_token": link.token,
            }
        )


class PortfolioShareLinksApi(APIView):
    @extend_schema(
        summary="Your portfolio's share links, with their views",
        responses=inline_serializer(
            "PortfolioLinks", {"links": serializers.ListField(child=serializers.DictField())}
        ),
    )
    def get(self, request: Request) -> Response:
        links = selectors.my_links(request_user(request), kind=ShareLink.Kind.PORTFOLIO)
        return flat_response({"links": [s.link_data(link, request) for link in links]})

    @extend_schema(
        summary="Create a labelled share link to your portfolio",
        request=s.ShareLinkInputSerializer,
        responses={201: LINK},
    )
    def post(self, request: Request) -> Response:
        payload = s.ShareLinkInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        link = services.create_share_link(owner=request_user(request), **payload.validated_data)
        data = s.link_data(link, request)
        return flat_response({**data, "link": data}, status.HTTP_201_CREATED)


class PortfolioShareLinkApi(APIView):
    @extend_schema(summary="Revoke one of your portfolio's share links", responses=LINK)
    def delete(self, request: Request, link_id: int) -> Response:
        me = request_user(request)
        link = selectors.owned_link_or_404(me, link_id)
        link = services.revoke_share_link(link=link, actor=me)
        return flat_response({"success": True, "link": s.link_data(link, request)})
