from django.apps import AppConfig


class PitchesConfig(AppConfig):
    name = "pitches"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.follow_targets import FOLLOW_TARGETS
        from messaging import policy
        from pitches import selectors, services

        FOLLOW_TARGETS["pitch"] = services.follow_target
        policy.provide(
            pitch_visible=selectors.pitch_visible,
            pitch_manageable=selectors.pitch_manageable,
            pitch_summary=selectors.pitch_summary,
        )
