from django.apps import AppConfig


class NdasConfig(AppConfig):
    name = "ndas"
    default_auto_field = "django.db.models.BigAutoField"
