from django.urls import URLPattern, path

from accounts import views
from accounts.identity import views as identity_views

app_name = "accounts"

urlpatterns: list[URLPattern] = [
    path("login/", views.login_page, name="login"),
    path("login/<slug:portal>/", views.portal_login_redirect, name="portal-login"),
    path("logout/", views.logout_page, name="logout"),
    path("register/", views.register_page, name="register"),
    path("verify-email/resend/", views.resend_verification_page, name="resend-verification"),
    path("forgot-password/", views.forgot_password_page, name="forgot-password"),
    path("reset-password/", views.reset_password_page, name="reset-password"),
    path("mfa/challenge/", views.mfa_challenge_page, name="mfa-challenge"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/<slug:tab>/", views.settings_page, name="settings-tab"),
    path("settings/identity/start/", identity_views.start_page, name="identity-start"),
    path("settings/identity/check/", identity_views.check_page, name="identity-check"),
    path(
        "identity/sandbox/<str:session_id>/", identity_views.sandbox_page, name="identity-sandbox"
    ),
    path("users/<str:username>/", views.profile_page, name="profile"),
]
