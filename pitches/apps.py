from django.apps import AppConfig


class PitchesConfig(AppConfig):
    name = "pitches"
    default_auto_field = "django.db.models.BigAutoField"
