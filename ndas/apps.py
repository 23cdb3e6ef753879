from django.apps import AppConfig


class NdasConfig(AppConfig):
    name = "ndas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ndas import services
        from pitches import services as pitch_services

        if services.stamped_document_key not in pitch_services.DOCUMENT_SERVERS:
            pitch_services.DOCUMENT_SERVERS.append(services.stamped_document_key)
