from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    from staff.services.roles import sync_roles

    sync_roles()


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff console"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After every migrate (the permissions of every app exist by then): role groups in step.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="staff.sync_roles")
        from django.contrib.auth.signals import user_logged_in

        from accounts import erasure
        from staff import admin_site, reauth
        from staff.services import gdpr

        admin_site.guard(self)
        erasure.provide(gdpr.erase_own_account)
        user_logged_in.connect(reauth.stamp_django_login, dispatch_uid="staff.login_stamp")
