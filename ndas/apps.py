from django.apps import AppConfig


class NdasConfig(AppConfig):
    name = "ndas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from analytics import dashboards
        from ndas import selectors, services
        from ndas.models import CustomNdaDocument
        from pitches import access, storage_usage
        from pitches import services as pitch_services
        from pitches.engagement import reputation

        dashboards.register("creator", selectors.creator_dashboard_section)
        dashboards.register("investor", selectors.investor_dashboard_section)
        dashboards.register("production", selectors.investor_dashboard_section)

        if services.stamped_document_key not in pitch_services.DOCUMENT_SERVERS:
            pitch_services.DOCUMENT_SERVERS.append(services.stamped_document_key)
        reputation.provide_fact("honoured_ndas", selectors.honoured_nda_counts)
        access.provide_nda_keys(
            access.NdaKeys(
                reader=selectors.spa_pitch_keys,
                annotations=selectors.spa_pitch_annotations,
                of_annotated=selectors.spa_keys_of_annotated,
            )
        )
        storage_usage.provide_source(
            "nda_documents", lambda: (CustomNdaDocument.objects.all(), "pitch__owner")
        )
