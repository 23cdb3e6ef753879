"""Accounts API routes (paths of the SPA contract, section 3.4)."""

from django.urls import URLPattern, path

from accounts.api import views_auth as auth
from accounts.api import views_identity as identity
from accounts.api import views_mfa as mfa
from accounts.api import views_profile as profile
from accounts.api import views_social as social

app_name = "accounts-api"

urlpatterns: list[URLPattern] = [
    # registration and verification
    path("auth/sign-up", auth.RegisterApi.as_view(), name="sign-up"),
    path("auth/register", auth.RegisterApi.as_view(), name="register"),
    path("auth/verify-email", auth.VerifyEmailApi.as_view(), name="verify-email"),
    path(
        "auth/resend-verification", auth.ResendVerificationApi.as_view(), name="resend-verification"
    ),
    # login, session, logout
    path("auth/sign-in", auth.LoginApi.as_view(), name="sign-in"),
    *[
        path(f"auth/{portal}/login", auth.LoginApi.as_view(portal=portal), name=f"{portal}-login")
        for portal in ("creator", "investor", "production", "watcher")
    ],
    path("auth/session", auth.SessionApi.as_view(), name="session"),
    path("auth/session/refresh", auth.RefreshApi.as_view(), name="refresh"),
    path("auth/refresh", auth.RefreshApi.as_view(), name="refresh-alias"),
    path("auth/sign-out", auth.LogoutApi.as_view(), name="sign-out"),
    path("auth/logout", auth.LogoutApi.as_view(), name="logout"),
    path("auth/logout-all", auth.LogoutEverywhereApi.as_view(), name="logout-all"),
    path("auth/sessions", auth.SessionListApi.as_view(), name="sessions"),
    path("auth/sessions/<int:session_id>", auth.SessionRevokeApi.as_view(), name="session-revoke"),
    # passwords
    path("auth/forgot-password", auth.ForgotPasswordApi.as_view(), name="forgot-password"),
    path("auth/reset-password", auth.ResetPasswordApi.as_view(), name="reset-password"),
    path("auth/change-password", auth.ChangePasswordApi.as_view(), name="change-password"),
    # second factors
    path("auth/mfa/verify", mfa.MfaVerifyApi.as_view(), name="mfa-verify"),
    path("auth/email-otp/send", mfa.EmailOtpSendApi.as_view(), name="email-otp-send"),
    path("auth/email-otp/verify", mfa.EmailOtpVerifyApi.as_view(), name="email-otp-verify"),
    path("mfa/status", mfa.MfaStatusApi.as_view(), name="mfa-status"),
    path("mfa/setup/start", mfa.MfaSetupStartApi.as_view(), name="mfa-setup-start"),
    path("mfa/setup/verify", mfa.MfaSetupVerifyApi.as_view(), name="mfa-setup-verify"),
    path("mfa/setup/enable", mfa.MfaSetupEnableApi.as_view(), name="mfa-setup-enable"),
    path("mfa/setup/disable", mfa.MfaSetupDisableApi.as_view(), name="mfa-setup-disable"),
    path("mfa/backup-codes/regenerate", mfa.MfaBackupCodesApi.as_view(), name="mfa-backup-codes"),
    path("ws/token", auth.WsTokenApi.as_view(), name="ws-token"),
    # identity verification (the Silver badge)
    path("identity/start", identity.IdentityStartApi.as_view(), name="identity-start"),
    path("identity/refresh", identity.IdentityRefreshApi.as_view(), name="identity-refresh"),
    # own profile and settings
    path("user/profile", profile.ProfileApi.as_view(), name="profile"),
    path("users/profile", profile.ProfileApi.as_view(), name="profile-alias"),
    path("profile", profile.ProfileApi.as_view(), name="profile-short"),
    path("user/settings", profile.SettingsApi.as_view(), name="settings"),
    path("users/settings", profile.SettingsApi.as_view(), name="settings-alias"),
    path(
        "notifications/preferences",
        profile.NotificationPreferencesApi.as_view(),
        name="notification-preferences",
    ),
    path(
        "user/notification-preferences",
        profile.NotificationPreferencesApi.as_view(),
        name="notification-preferences-alias",
    ),
    path("user/avatar", profile.AvatarApi.as_view(), name="avatar"),
    path("user/account", profile.AccountDeleteApi.as_view(), name="account-delete"),
    path("user/export", profile.AccountExportApi.as_view(), name="account-export"),
    # public profiles and blocks
    path("users/blocked", social.BlockedListApi.as_view(), name="blocked"),
    path("users/search", profile.UserSearchApi.as_view(), name="user-search"),
    path(
        "users/username/<str:username>",
        profile.PublicProfileByUsernameApi.as_view(),
        name="user-by-username",
    ),
    path("users/<int:user_id>", profile.PublicProfileApi.as_view(), name="user"),
    path("users/<int:user_id>/block", social.BlockApi.as_view(), name="block"),
    path("users/<int:user_id>/unblock", social.UnblockApi.as_view(), name="unblock"),
    # follows
    path("follows", social.FollowCollectionApi.as_view(), name="follows"),
    path("follows/action", social.FollowActionApi.as_view(), name="follow-action"),
    path("follows/follow", social.FollowActionApi.as_view(), name="follow"),
    path("follows/unfollow", social.UnfollowApi.as_view(), name="unfollow"),
    path("follows/followers", social.FollowersListApi.as_view(), name="followers"),
    path("creator/followers", social.FollowersListApi.as_view(), name="creator-followers"),
    path("follows/following", social.FollowingListApi.as_view(), name="following"),
    path("follows/list", social.FollowListApi.as_view(), name="follow-list"),
    path("follows/suggestions", social.FollowSuggestionsApi.as_view(), name="follow-suggestions"),
    path("follows/stats", social.FollowStatsApi.as_view(), name="follow-stats"),
    path("follows/check-status", social.FollowCheckStatusApi.as_view(), name="follow-check-status"),
]
