from django.urls import path

from investments import views_deals, views_investor

app_name = "investments"

urlpatterns = [
    path("investor/portfolio/", views_investor.portfolio, name="portfolio"),
    path("investor/investments/", views_investor.investments, name="investments"),
    path(
        "investor/investments/<int:investment_id>/<str:action>/",
        views_investor.investment_action,
        name="investment-action",
    ),
    path("investor/opportunities/", views_investor.opportunities, name="opportunities"),
    path("investor/watchlist/", views_investor.watchlist, name="watchlist"),
    path("investor/thesis/", views_investor.thesis, name="thesis"),
    path("investor/deals/", views_investor.deals, name="deals"),
    path("deals/<int:deal_id>/", views_deals.deal_detail, name="deal"),
    path("deals/<int:deal_id>/<str:action>/", views_deals.deal_action, name="deal-action"),
    path("creator/deals/", views_deals.creator_deals, name="creator-deals"),
    path("creator/funding/", views_deals.funding, name="funding"),
]
