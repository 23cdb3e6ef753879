from django.urls import URLPattern, path

from messaging.api import views
from messaging.api import views_notifications as notifications
from messaging.api import views_realtime as realtime

app_name = "messaging-api"

urlpatterns: list[URLPattern] = [
    path("conversations", views.ConversationListApi.as_view(), name="conversations"),
    path(
        "conversations/<int:conversation_id>",
        views.ConversationDetailApi.as_view(),
        name="conversation-detail",
    ),
    path(
        "conversations/<int:conversation_id>/messages",
        views.ConversationMessageCreateApi.as_view(),
        name="conversation-message-create",
    ),
    path(
        "conversations/<int:conversation_id>/read",
        views.ConversationReadApi.as_view(),
        name="conversation-read",
    ),
    path("ws/health", realtime.WsHealthApi.as_view(), name="ws-health"),
    path("messages/send", views.MessageSendApi.as_view(), name="message-send"),
    path("messages/contacts", views.ContactListApi.as_view(), name="contacts"),
    path(
        "messages/attachments",
        views.MessageAttachmentUploadApi.as_view(),
        name="message-attachment-upload",
    ),
    path("messages/<int:message_id>", views.MessageDetailApi.as_view(), name="message-detail"),
    path("messages/<int:message_id>/read", views.MessageReadApi.as_view(), name="message-read"),
    path("notifications", notifications.NotificationListApi.as_view(), name="notifications"),
    path(
        "user/notifications", notifications.NotificationListApi.as_view(), name="user-notifications"
    ),
    path(
        "notifications/unread",
        notifications.NotificationUnreadApi.as_view(),
        name="notifications-unread",
    ),
    path(
        "notifications/read-multiple",
        notifications.NotificationReadMultipleApi.as_view(),
        name="notifications-read-multiple",
    ),
    path(
        "notifications/read-all",
        notifications.NotificationReadAllApi.as_view(),
        name="notifications-read-all",
    ),
    path(
        "notifications/<int:notification_id>/read",
        notifications.NotificationReadApi.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/<int:notification_id>",
        notifications.NotificationDeleteApi.as_view(),
        name="notification-delete",
    ),
    path("presence/update", notifications.PresenceUpdateApi.as_view(), name="presence-update"),
    path("presence/online", notifications.PresenceOnlineApi.as_view(), name="presence-online"),
    path("poll/all", notifications.PollAllApi.as_view(), name="poll-all"),
]
