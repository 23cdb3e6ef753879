from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import (
            schema,  # noqa: F401 - registers the OpenAPI auth extension
            selectors,
        )
        from messaging import policy

        policy.provide(
            is_blocked=selectors.is_blocked,
            blocked_with=selectors.blocked_with,
            mutual_follows=selectors.mutual_follow_ids,
        )
