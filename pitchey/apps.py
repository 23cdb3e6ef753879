from django.apps import AppConfig


class PitcheyConfig(AppConfig):
    """The project package as an app: site-wide templates tags and management commands."""

    name = "pitchey"
    verbose_name = "Pitchey"

    def ready(self) -> None:
        from pitchey import schema  # noqa: F401  (registers the OpenAPI extensions)
