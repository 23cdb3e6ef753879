"""Investor portal, investments and deals routes (section 3.4 paths)."""

from django.urls import path

from investments.api import views_holdings as holdings
from investments.api import views_portfolio as portfolio

app_name = "investments-api"

urlpatterns = [
    # holdings
    path("investor/invest", holdings.InvestApi.as_view(), name="invest"),
    path("investments", holdings.InvestApi.as_view(), name="investments-create"),
    path("investor/investments", holdings.InvestmentListApi.as_view(), name="investments"),
    path("investor/investments/all", holdings.InvestmentAllApi.as_view(), name="investments-all"),
    path(
        "investor/investments/summary",
        holdings.InvestmentSummaryApi.as_view(),
        name="investments-summary",
    ),
    path(
        "investor/investments/<int:investment_id>",
        holdings.InvestmentDetailApi.as_view(),
        name="investment",
    ),
    path(
        "investor/investments/<int:investment_id>/withdraw",
        holdings.InvestmentWithdrawApi.as_view(),
        name="investment-withdraw",
    ),
    path(
        "investor/pitch/<int:pitch_id>/investment-detail",
        holdings.PitchInvestmentDetailApi.as_view(),
        name="pitch-investment-detail",
    ),
    # portfolio
    path("investor/dashboard", portfolio.InvestorDashboardApi.as_view(), name="dashboard"),
    path("investor/portfolio", portfolio.PortfolioApi.as_view(), name="portfolio"),
    path(
        "investor/portfolio/summary",
        portfolio.PortfolioSummaryApi.as_view(),
        name="portfolio-summary",
    ),
    path(
        "investor/portfolio/performance",
        portfolio.PortfolioPerformanceApi.as_view(),
        name="portfolio-performance",
    ),
    path("investor/performance", portfolio.PerformanceApi.as_view(), name="performance"),
    path("investor/roi", portfolio.PerformanceApi.as_view(), name="roi"),
    path("investor/analytics/roi/summary", portfolio.RoiSummaryApi.as_view(), name="roi-summary"),
    path(
        "investor/analytics/roi/by-category",
        portfolio.RoiByCategoryApi.as_view(),
        name="roi-by-category",
    ),
    path(
        "investor/projects/completed",
        portfolio.CompletedProjectsApi.as_view(),
        name="projects-completed",
    ),
]
