from django.apps import AppConfig


class PitcheyConfig(AppConfig):
    """The project package as an app: site-wide templates tags and management commands."""

    name = "pitchey"
    verbose_name = "Pitchey"
