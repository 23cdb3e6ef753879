from django.urls import path

from ndas.api import views, views_history, views_sign, views_templates
from ndas.api import views_reads as reads

app_name = "ndas-api"


def _list(kind: str, key: str = "nda_requests"):  # type: ignore[no-untyped-def]
    return reads.NdaListApi.as_view(kind=kind, key=key)


urlpatterns = [
    path("ndas", _list("all", "ndas"), name="list"),
    path("ndas/request", views.NdaRequestCreateApi.as_view(), name="request-create"),
    path("ndas/standard", views.NdaStandardApi.as_view(), name="standard"),
    path("ndas/preview", views_templates.NdaPreviewApi.as_view(), name="preview"),
    path("ndas/templates", views_templates.NdaTemplateListApi.as_view(), name="templates"),
    path(
        "ndas/templates/<int:template_id>",
        views_templates.NdaTemplateDetailApi.as_view(),
        name="template",
    ),
    path("ndas/history", views_history.NdaHistoryApi.as_view(), name="history"),
    path("ndas/history/<int:user_id>", views_history.NdaHistoryApi.as_view(), name="history-with"),
    path("ndas/analytics", views_history.NdaAnalyticsApi.as_view(), name="analytics"),
    path("ndas/stats", reads.NdaStatsApi.as_view(), name="stats"),
    path("ndas/stats/<int:pitch_id>", reads.NdaPitchStatsApi.as_view(), name="pitch-stats"),
    path("ndas/bulk-approve", views.NdaBulkApi.as_view(approve=True), name="bulk-approve"),
    path("ndas/bulk-reject", views.NdaBulkApi.as_view(approve=False), name="bulk-reject"),
    path("ndas/verify/<str:sha256>", views.NdaVerifyApi.as_view(), name="verify"),
    path(
        "ndas/pitch/<int:pitch_id>/status", reads.NdaPitchStatusApi.as_view(), name="pitch-status"
    ),
    path(
        "ndas/pitch/<int:pitch_id>/can-request",
        reads.NdaCanRequestApi.as_view(),
        name="can-request",
    ),
    path("ndas/pitch/<int:pitch_id>/agreement", views.NdaAgreementApi.as_view(), name="agreement"),
    path("ndas/incoming-requests", _list("incoming-requests"), name="incoming-requests"),
    path("ndas/outgoing-requests", _list("outgoing-requests"), name="outgoing-requests"),
    path("ndas/incoming-signed", _list("incoming-signed"), name="incoming-signed"),
    path("ndas/outgoing-signed", _list("outgoing-signed"), name="outgoing-signed"),
    path("ndas/signed", _list("signed"), name="signed"),
    path("ndas/active", _list("active"), name="active"),
    path("nda/active", _list("active"), name="nda-active"),
    path("nda/signed", _list("signed"), name="nda-signed"),
    path("ndas/<int:nda_id>", views.NdaDetailApi.as_view(), name="detail"),
    path("ndas/<int:nda_id>/approve", views.NdaApproveApi.as_view(), name="approve"),
    path("ndas/<int:nda_id>/sign", views_sign.NdaSignApi.as_view(), name="sign"),
    path(
        "ndas/<int:nda_id>/verify", views_history.NdaRecordVerifyApi.as_view(), name="record-verify"
    ),
    path("ndas/<int:nda_id>/reject", views.NdaRejectApi.as_view(), name="reject"),
    path("ndas/<int:nda_id>/revoke", views.NdaRevokeApi.as_view(), name="revoke"),
    path("ndas/<int:nda_id>/withdraw", views.NdaWithdrawApi.as_view(), name="withdraw"),
    path("ndas/<int:nda_id>/remind", views.NdaRemindApi.as_view(), name="remind"),
    path(
        "ndas/<int:nda_id>/download-signed",
        views.NdaDownloadSignedApi.as_view(),
        name="download-signed",
    ),
    path("ndas/<int:nda_id>/download", views.NdaDownloadSignedApi.as_view(), name="download"),
    path("upload/nda", views.CustomNdaUploadApi.as_view(), name="upload-nda"),
]
