from django.apps import AppConfig


class PitchesConfig(AppConfig):
    name = "pitches"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import display_changes
        from accounts.follow_targets import FOLLOW_TARGETS
        from accounts.identity import services as identity
        from messaging import policy
        from pitches import cache, selectors, services, storage_usage
        from pitches.engagement import reputation
        from pitchey import uploads

        FOLLOW_TARGETS["pitch"] = services.follow_target
        identity.on_verified("reputation", reputation.promote_verified)
        if storage_usage.ensure_room not in uploads.ROOM_CHECKS:
            uploads.ROOM_CHECKS.append(storage_usage.ensure_room)
        if cache.on_user_display_changed not in display_changes.LISTENERS:
            display_changes.LISTENERS.append(cache.on_user_display_changed)
        policy.provide(
            pitch_visible=selectors.pitch_visible,
            pitch_manageable=selectors.pitch_manageable,
            pitch_summary=selectors.pitch_summary,
            count_pitch_view=services.record_view_of,
        )
