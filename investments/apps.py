from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "investments"
    default_auto_field = "django.db.models.BigAutoField"
