from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Slates, portfolios, share links, comparisons and link previews: what creators put
    together from their pitches to show others. Sits right above pitches; anything it shares
    shows the public part of a pitch only."""

    name = "curation"
    default_auto_field = "django.db.models.BigAutoField"
