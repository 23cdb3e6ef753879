from django.apps import AppConfig


class PortalsConfig(AppConfig):
    """Each portal's home and the pages that gather several apps' reads for one person."""

    name = "portals"
    default_auto_field = "django.db.models.BigAutoField"
