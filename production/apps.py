from django.apps import AppConfig


class ProductionConfig(AppConfig):
    """The production company portal: company verification, the review queue and reviews,
    submissions and open calls, the production view of a pitch, teams, collaborators and
    invites, calendar and meetings. The top layer: it may use every other app."""

    name = "production"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from analytics import dashboards
        from production import selectors

        dashboards.register("production", selectors.dashboard_section)
