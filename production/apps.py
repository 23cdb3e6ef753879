from django.apps import AppConfig


class ProductionConfig(AppConfig):
    """The production company portal: company verification, the review queue and reviews,
    submissions and open calls, the production view of a pitch, teams, collaborators and
    invites, calendar and meetings. The top layer: it may use every other app."""

    name = "production"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.signup_codes import SIGNUP_CODE_HANDLERS
        from analytics import dashboards
        from production import selectors, services

        dashboards.register("production", selectors.dashboard_section)
        if services.redeem_at_signup not in SIGNUP_CODE_HANDLERS:
            SIGNUP_CODE_HANDLERS.append(services.redeem_at_signup)
