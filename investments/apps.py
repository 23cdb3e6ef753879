from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "investments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from analytics import dashboards
        from investments.selectors import sections
        from pitches.engagement import reputation

        dashboards.register("investor", sections.investor_section)
        dashboards.register("creator", sections.creator_section)
        reputation.provide_fact("closed_deals", sections.closed_deal_counts)
