from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Site pages staff edit in the admin: About, How it works, Terms, Privacy, Contact, Help."""

    name = "content"
    default_auto_field = "django.db.models.BigAutoField"
