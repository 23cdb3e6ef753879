from django.urls import path

from curation.api import views_compare as compare
from curation.api import views_portfolio as portfolio
from curation.api import views_slates as slates

app_name = "curation-api"

urlpatterns = [
    path("slates", slates.SlateListApi.as_view(), name="slates"),
    path("slates/<int:slate_id>", slates.SlateDetailApi.as_view(), name="slate"),
    path("slates/<int:slate_id>/pitches", slates.SlatePitchesApi.as_view(), name="slate-pitches"),
    path(
        "slates/<int:slate_id>/pitches/reorder",
        slates.SlateReorderApi.as_view(),
        name="slate-reorder",
    ),
    path(
        "slates/<int:slate_id>/pitches/<int:pitch_id>",
        slates.SlatePitchDetailApi.as_view(),
        name="slate-pitch",
    ),
    path("slates/<int:slate_id>/public", slates.PublicSlateApi.as_view(), name="slate-public"),
    path(
        "slates/<int:slate_id>/share-links",
        slates.SlateShareLinksApi.as_view(),
        name="slate-links",
    ),
    path(
        "slates/share-links/<int:link_id>",
        slates.SlateShareLinkRevokeApi.as_view(),
        name="slate-link",
    ),
    path("slates/s/<str:token>", slates.SharedSlateApi.as_view(), name="slate-shared"),
    path("creator/portfolio", portfolio.MyPortfolioApi.as_view(), name="portfolio"),
    path(
        "creator/portfolio/<int:user_id>",
        portfolio.PublicPortfolioApi.as_view(),
        name="creator-portfolio-public",
    ),
    path(
        "portfolio/<int:user_id>", portfolio.PublicPortfolioApi.as_view(), name="portfolio-public"
    ),
    path(
        "portfolio/s/<str:token>", portfolio.SharedPortfolioApi.as_view(), name="portfolio-shared"
    ),
    path("creator/share-links", portfolio.PortfolioShareLinksApi.as_view(), name="portfolio-links"),
    path(
        "creator/share-links/<int:link_id>",
        portfolio.PortfolioShareLinkApi.as_view(),
        name="portfolio-link",
    ),
    path("compare", compare.CompareApi.as_view(), name="compare"),
    path("compare/creators", compare.CompareCreatorsApi.as_view(), name="compare-creators"),
    path("compare/slates", compare.CompareSlatesApi.as_view(), name="compare-slates"),
    path("compare/saved", compare.SavedComparisonsApi.as_view(), name="compare-saved"),
    path(
        "compare/saved/<int:comparison_id>",
        compare.SavedComparisonApi.as_view(),
        name="compare-saved-one",
    ),
    path(
        "compare/shared/<str:token>", compare.SharedComparisonApi.as_view(), name="compare-shared"
    ),
]
