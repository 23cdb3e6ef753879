"""Investor portal, investments and deals routes (section 3.4 paths)."""

from django.urls import path

from investments.api import views_creator as creator
from investments.api import views_deals as deals
from investments.api import views_finance as finance
from investments.api import views_holdings as holdings
from investments.api import views_portfolio as portfolio
from investments.api import views_research as research

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
        "investor/investments/<int:investment_id>/documents",
        holdings.InvestmentDocumentsApi.as_view(),
        name="investment-documents",
    ),
    path(
        "investor/investments/<int:investment_id>/report",
        holdings.InvestmentReportApi.as_view(),
        name="investment-report",
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
    # deals
    path("investor/deals", deals.InvestorDealListApi.as_view(), name="deals"),
    path("investor/deals/pending", deals.InvestorPendingDealsApi.as_view(), name="deals-pending"),
    path(
        "investor/deals/<int:deal_id>/status",
        deals.InvestorDealStatusApi.as_view(),
        name="deal-status",
    ),
    path(
        "investor/deals/<int:deal_id>/timeline",
        deals.DealTimelineApi.as_view(),
        name="deal-timeline",
    ),
    path("deals/<int:deal_id>/messages", deals.DealMessagesApi.as_view(), name="deal-messages"),
    path("deals/<int:deal_id>/sign", deals.DealSignApi.as_view(), name="deal-sign"),
    path(
        "deals/<int:deal_id>/signatures",
        deals.DealSignaturesApi.as_view(),
        name="deal-signatures",
    ),
    path("deals/<int:deal_id>/timeline", deals.DealTimelineApi.as_view(), name="deal-events"),
    path("creator/deals", deals.CreatorDealListApi.as_view(), name="creator-deals"),
    path(
        "creator/deals/<int:deal_id>/respond",
        deals.CreatorDealRespondApi.as_view(),
        name="creator-deal-respond",
    ),
    path(
        "creator/deals/<int:deal_id>/outcome",
        deals.CreatorDealOutcomeApi.as_view(),
        name="creator-deal-outcome",
    ),
    # the creator's money side
    path("creator/funding/overview", creator.FundingOverviewApi.as_view(), name="funding"),
    path("creator/investors", creator.CreatorInvestorsApi.as_view(), name="creator-investors"),
    path("creator/value", creator.CreatorValueApi.as_view(), name="creator-value"),
    path("creator/companies", creator.CreatorCompaniesApi.as_view(), name="creator-companies"),
    path(
        "pitches/<int:pitch_id>/matching-investors",
        creator.MatchingInvestorsApi.as_view(),
        name="matching-investors",
    ),
    # research: thesis, opportunities, notes, diligence, watchlist
    path("investor/thesis", research.ThesisApi.as_view(), name="thesis"),
    path("investor/thesis/matches", research.ThesisMatchesApi.as_view(), name="thesis-matches"),
    path(
        "public/thesis/<int:investor_id>", research.PublicThesisApi.as_view(), name="public-thesis"
    ),
    path("investor/opportunities", research.OpportunitiesApi.as_view(), name="opportunities"),
    path(
        "investor/recommendations",
        research.RecommendationsApi.as_view(),
        name="recommendations",
    ),
    path(
        "investment/recommendations",
        research.RecommendationsApi.as_view(),
        name="investment-recommendations",
    ),
    path("investor/pitches/<int:pitch_id>/notes", research.PitchNotesApi.as_view(), name="notes"),
    path(
        "investor/pitches/<int:pitch_id>/notes/<int:note_id>",
        research.PitchNoteApi.as_view(),
        name="note",
    ),
    path(
        "investor/pitches/<int:pitch_id>/diligence",
        research.DiligenceApi.as_view(),
        name="diligence",
    ),
    path("investor/watchlist", research.WatchlistApi.as_view(), name="watchlist"),
    path(
        "investor/watchlist/<int:item_id>",
        research.WatchlistItemApi.as_view(),
        name="watchlist-item",
    ),
    # finance
    path("investor/transactions", finance.TransactionsApi.as_view(), name="transactions"),
    path(
        "investor/transactions/stats",
        finance.TransactionStatsApi.as_view(),
        name="transaction-stats",
    ),
    path(
        "investor/transactions/export",
        finance.TransactionExportApi.as_view(),
        name="transaction-export",
    ),
    path(
        "investor/financial/summary",
        finance.FinancialSummaryApi.as_view(),
        name="financial-summary",
    ),
    path(
        "investor/financial/recent-transactions",
        finance.RecentTransactionsApi.as_view(),
        name="recent-transactions",
    ),
    path("investor/tax-documents", finance.TaxDocumentsApi.as_view(), name="tax-documents"),
    path(
        "investor/tax-documents/<int:year>/statement.pdf",
        finance.TaxStatementPdfApi.as_view(),
        name="tax-statement",
    ),
    path("investor/tax/<int:year>", finance.TaxYearApi.as_view(), name="tax-year"),
    path("investor/reports", finance.ReportsApi.as_view(), name="reports"),
    path(
        "investor/reports/<slug:report>.csv",
        finance.ReportDownloadApi.as_view(),
        name="report",
    ),
    path(
        "investor/budget/allocations",
        finance.BudgetAllocationsApi.as_view(),
        name="budget-allocations",
    ),
    path(
        "investor/budget/allocations/<int:allocation_id>",
        finance.BudgetAllocationApi.as_view(),
        name="budget-allocation",
    ),
    path(
        "investor/analytics/market/trends",
        finance.MarketTrendsApi.as_view(),
        name="market-trends",
    ),
    path("investor/market-trends", finance.MarketTrendsApi.as_view(), name="market-trends-alias"),
    path(
        "investor/analytics/risk/portfolio",
        finance.RiskPortfolioApi.as_view(),
        name="risk-portfolio",
    ),
    path("investor/risk-assessment", finance.RiskPortfolioApi.as_view(), name="risk-assessment"),
    path("investor/settings", finance.InvestorSettingsApi.as_view(), name="settings"),
    path("investor/preferences", finance.InvestorPreferencesApi.as_view(), name="preferences"),
    path("investor/network", finance.NetworkApi.as_view(), name="network"),
    path(
        "investor/co-investors",
        finance.NetworkApi.as_view(part="co_investors"),
        name="co-investors",
    ),
    path("investor/creators", finance.NetworkApi.as_view(part="creators"), name="creators"),
    path(
        "investor/production-companies",
        finance.NetworkApi.as_view(part="production_companies"),
        name="production-companies",
    ),
]
