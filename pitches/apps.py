from django.apps import AppConfig


class PitchesConfig(AppConfig):
    name = "pitches"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.follow_targets import FOLLOW_TARGETS
        from pitches import services

        FOLLOW_TARGETS["pitch"] = services.follow_target
