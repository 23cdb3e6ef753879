"""Pitchey settings: one file, every environment difference is an environment variable.

With no DATABASE_URL the embedded PostgreSQL starts under var/pg; with no REDIS_URL the cache,
channel layer and Celery run in process. See the README's configuration table.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PITCHEY_VAR_DIR", BASE_DIR / "var"))


from pitchey.env import (  # noqa: E402 - the typed helpers settings are read with
    default_key_prefix,
    env_bool,
    env_int,
    env_list,
    env_optional,
    env_secret,
    env_str,
    local_secret_key,
    parse_database_url,
    previous_secrets,
)
from pitchey.logging import logging_config  # noqa: E402


def required_secret(name: str, make: Callable[[], str] | None = None) -> str:
    """A secret from NAME or NAME_FILE; under DEBUG, generated once under var/ when unset."""
    value = env_secret(name)
    if value is None:
        if not DEBUG:
            raise ImproperlyConfigured(f"{name} (or {name}_FILE) is required when DEBUG is off.")
        value = local_secret_key(VAR_DIR / name.lower(), *([make] if make else []))
    return value


# --- core ------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)
TESTING = False

SECRET_KEY = required_secret("SECRET_KEY")
# JWTs have their own key: rotating it ends sessions without touching SECRET_KEY's signatures.
JWT_SIGNING_KEY = required_secret("JWT_SIGNING_KEY")
JWT_SIGNING_KEYS_PREVIOUS = previous_secrets("JWT_SIGNING_KEY")
if JWT_SIGNING_KEY == SECRET_KEY:
    raise ImproperlyConfigured("JWT_SIGNING_KEY must differ from SECRET_KEY.")
# Fernet key of encrypted fields (TOTP secrets, video passwords); see pitchey/crypto.py.
FIELD_ENCRYPTION_KEY = required_secret(
    "FIELD_ENCRYPTION_KEY", lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
)
FIELD_ENCRYPTION_KEYS_PREVIOUS = previous_secrets("FIELD_ENCRYPTION_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
FRONTEND_URL = env_str("FRONTEND_URL", SITE_URL).rstrip("/")
# The one list of origins trusted for cookie-authenticated writes and WebSocket upgrades
# (besides the site's own origin): see pitchey/origins.py.
_local_origins = ["http://127.0.0.1:8000", "http://localhost:8000"] if DEBUG else []
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", list(dict.fromkeys([*_local_origins, SITE_URL, FRONTEND_URL]))
)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "channels",
    "storages",
    "pitchey",
    "accounts",
    # Right after accounts (its only dependency): demo seeding runs in this order, and the
    # demo NDA requests and messages of the apps below are paid with billing's demo credits.
    "billing",
    "pitches",
    "curation",
    "ndas",
    "investments",
    "production",
    "analytics",
    "messaging",
    "content",
    "portals",
    "staff",
]

MIDDLEWARE = [
    "pitchey.health.ProbeMiddleware",
    "pitchey.middleware.RequestIdMiddleware",
    "pitchey.middleware.HostileInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "pitchey.middleware.CSPMiddleware",
    "pitchey.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.JWTCookieMiddleware",
    "pitchey.middleware.MaintenanceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pitchey.middleware.RateLimitHeadersMiddleware",
    "analytics.middleware.SlowRequestMiddleware",
    "analytics.middleware.TrackingMiddleware",
]

ROOT_URLCONF = "pitchey.urls"
WSGI_APPLICATION = "pitchey.wsgi.application"
ASGI_APPLICATION = "pitchey.asgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pitchey.context_processors.site",
            ],
        },
    }
]

# --- database (PostgreSQL only; Neon rules in DESIGN.md section 3) ----------------------------

DATABASE_URL = env_optional("DATABASE_URL")
EMBEDDED_DATABASE = DATABASE_URL is None
if DATABASE_URL is None:
    from pitchey import embedded

    DATABASE_URL = embedded.database_url(VAR_DIR / "pg")

_default_db = parse_database_url(DATABASE_URL)
_pooled = "-pooler" in _default_db["HOST"] or env_bool("DATABASE_POOLED", default=False)
# HTTP runs on long-lived threads (pitchey.asgi), so each keeps its connection between requests
# (CONN_MAX_AGE seconds, checked before reuse); DATABASE_POOL=true uses psycopg's pool instead
# (bench/README.md has the comparison). Both are safe behind Neon's PgBouncer in transaction mode:
# Django binds parameters client-side and, there, holds no server-side cursors and prepares no
# statements (pitchey.prepared keeps PostgreSQL's plans of the hottest reads only on a connection
# of its own); a pooled connection goes back between requests, not in the middle of a transaction.
DATABASE_POOL = env_bool("DATABASE_POOL", default=False)
_default_db.update(
    {
        "CONN_MAX_AGE": 0 if DATABASE_POOL else env_int("CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": _pooled,
        "PREPARED_STATEMENTS": env_bool("DATABASE_PREPARED_STATEMENTS", default=not _pooled),
        "ATOMIC_REQUESTS": False,
    }
)
if DATABASE_POOL:
    _default_db["OPTIONS"]["pool"] = {
        "min_size": 1,
        "max_size": env_int("DATABASE_POOL_SIZE", 8),
        "timeout": 10,
    }
DATABASES: dict[str, dict[str, Any]] = {"default": _default_db}
DATABASE_DIRECT_URL = env_optional("DATABASE_DIRECT_URL")
if DATABASE_DIRECT_URL:
    # Migrations and advisory locks bypass PgBouncer (transaction mode drops session state).
    DATABASES["direct"] = parse_database_url(DATABASE_DIRECT_URL) | {
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_RETRY_AFTER_SECONDS = env_int("DATABASE_RETRY_AFTER_SECONDS", 5)

# --- cache, channel layer, Celery -------------------------------------------------------------

REDIS_URL = env_optional("REDIS_URL")
# Every key and channel in Redis carries it (cache, rate limits, channel layer, Celery).
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", default_key_prefix(DATABASE_URL, REDIS_URL))
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
    CHANNEL_LAYERS: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": env_str(
                "CHANNEL_LAYER_BACKEND", "channels_redis.pubsub.RedisPubSubChannelLayer"
            ),
            # capacity (core layer): one process's sockets share one inbox key, so it must hold
            # a burst to every client of the process (the pub/sub layer ignores it).
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": f"{CACHE_KEY_PREFIX}:ch",
                "capacity": env_int("CHANNEL_LAYER_CAPACITY", 10000),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pitchey",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = env_optional("CELERY_BROKER_URL") or REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "global_keyprefix": f"{CACHE_KEY_PREFIX}:celery:",
}

# --- files ------------------------------------------------------------------------------------

S3_BUCKET = env_optional("S3_BUCKET")
SIGNED_URL_MAX_AGE = min(env_int("SIGNED_URL_MAX_AGE", 300), 300)
PUBLIC_SIGNED_URL_MAX_AGE = env_int("PUBLIC_SIGNED_URL_MAX_AGE", 3600)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
if S3_BUCKET:
    _default_storage: dict[str, Any] = {
        "BACKEND": "pitchey.storage.BucketStorage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_optional("S3_ENDPOINT_URL"),
            "access_key": env_secret("S3_ACCESS_KEY_ID"),
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("S3_REGION", "auto"),
            "signature_version": "s3v4",
            "addressing_style": "path",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": SIGNED_URL_MAX_AGE,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Images on pages may load from the bucket's signed URLs.
_bucket_origin = (
    [f"{urlparse(_endpoint).scheme}://{urlparse(_endpoint).netloc}"]
    if S3_BUCKET and (_endpoint := env_optional("S3_ENDPOINT_URL"))
    else (["https://*.amazonaws.com"] if S3_BUCKET else [])
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The web server (pitchey.server, granian): WEB_CONCURRENCY processes, each answering HTTP on
# HTTP_THREADS threads. Several processes share state only through Redis, so without REDIS_URL
# (in-process cache and channel layer) one process serves.
WEB_CONCURRENCY = env_int("WEB_CONCURRENCY", 2 if REDIS_URL else 1)
HTTP_THREADS = env_int("HTTP_THREADS", 4)
# Larger WebSocket frames are refused (close 1009) before the consumer acts on them.
WEBSOCKET_MAX_FRAME_BYTES = 16 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- email ------------------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_optional("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Pitchey <no-reply@pitchey.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who receives the public contact form; empty means every active staff member.
CONTACT_RECIPIENTS = env_list("CONTACT_RECIPIENTS", [])

# --- auth -------------------------------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/home/"
ACCESS_TOKEN_LIFETIME = timedelta(minutes=env_int("ACCESS_TOKEN_MINUTES", 10))
REFRESH_TOKEN_LIFETIME = timedelta(days=env_int("REFRESH_TOKEN_DAYS", 7))
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": ACCESS_TOKEN_LIFETIME,
    "REFRESH_TOKEN_LIFETIME": REFRESH_TOKEN_LIFETIME,
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": JWT_SIGNING_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
}
# The JWT cookies (HttpOnly). Cross-origin SPAs need AUTH_COOKIE_SAMESITE=None (and HTTPS).
AUTH_ACCESS_COOKIE = "pitchey_access"
AUTH_REFRESH_COOKIE = "pitchey_refresh"
AUTH_COOKIE_SAMESITE = env_str("AUTH_COOKIE_SAMESITE", "Lax")
AUTH_COOKIE_DOMAIN = env_optional("AUTH_COOKIE_DOMAIN")
# Failed logins before the account locks, and for how long.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
# Staff functions need a second factor. Local DEBUG runs (`make run`, whose demo admin has
# none) do not ask unless STAFF_REQUIRE_MFA=true; production always does.
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", default=not DEBUG)
# Destructive staff actions need a login or re-authentication this recent.
STAFF_REAUTH_MINUTES = env_int("STAFF_REAUTH_MINUTES", 15)
PASSWORD_RESET_TOKEN_MINUTES = 60
EMAIL_VERIFICATION_TOKEN_HOURS = 48
AVATAR_MAX_BYTES = env_int("AVATAR_MAX_BYTES", 5 * 1024 * 1024)
# Each user's allowance over every upload kept for them: /api/storage/quota reports it, and an
# upload past it is refused (403 QUOTA_EXCEEDED, pitches.storage_usage.ensure_room).
STORAGE_QUOTA_BYTES = env_int("STORAGE_QUOTA_BYTES", 5 * 1024 * 1024 * 1024)

# --- REST API ---------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["pitchey.api.EnvelopeRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "pitchey.api.CamelCaseJSONParser",
        "pitchey.api.CamelCaseFormParser",
        "pitchey.api.CamelCaseMultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.JWTCookieAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["pitchey.ratelimit.ScopedRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "pitchey.api.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "pitchey.schema.EnvelopeAutoSchema",
    "EXCEPTION_HANDLER": "pitchey.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # The SPA sends `format` as a filter (film, tv...), never as a renderer choice.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests per window; each bucket counts per user when logged in, per IP otherwise.
RATE_LIMITS: dict[str, str] = {
    "api": env_str("RATE_LIMIT_API", "600/minute"),
    "auth": env_str("RATE_LIMIT_AUTH", "30/minute"),
    "upload": env_str("RATE_LIMIT_UPLOAD", "30/minute"),
    "strict": env_str("RATE_LIMIT_STRICT", "60/minute"),
}
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", default=True)
# Hops of trusted proxies in front of the app whose X-Forwarded-For may be believed.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

SPECTACULAR_SETTINGS = {
    "TITLE": "Pitchey API",
    "DESCRIPTION": (
        "The REST API of Pitchey, the marketplace for film and TV pitches. Every response is an "
        "envelope: `{success, data, meta}` or `{success: false, error: {code, message, details}, "
        "meta}`; "
        "keys are camelCase both ways."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Enums stay inline (no shared enum components whose names could collide across apps).
    "POSTPROCESSING_HOOKS": ["pitchey.schema.camelize_schema_hook"],
    "SCHEMA_PATH_PREFIX": r"/api/",
}

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [FRONTEND_URL])
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/(api|health)/?.*$"
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "content-type",
    "x-csrftoken",
    "x-csrf-token",
    "x-request-id",
    "x-client-id",
    "sentry-trace",
    "baggage",
    "traceparent",
]
CORS_EXPOSE_HEADERS = [
    "X-Request-Id",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
]

# --- security ---------------------------------------------------------------------------------

SECURE_HTTPS = env_bool("SECURE_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "pitchey.views.csrf_failure"
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_bucket_origin],
        "connect-src": ["'self'", "ws:", "wss:"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- i18n -------------------------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- logging (JSON lines in production, readable locally; every line carries the request id) --

LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)

# --- billing (Stripe, or the local sandbox when no keys are set) -------------------------------

STRIPE_SECRET_KEY = env_secret("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_secret("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "https://api.stripe.com")
STRIPE_NETWORK_RETRIES = env_int("STRIPE_NETWORK_RETRIES", 2)
# Without Stripe keys the sandbox provider takes payments locally ("Pay (test)"); it is refused
# outside DEBUG unless asked for, so a misconfigured production never hands out free credits.
BILLING_SANDBOX = STRIPE_SECRET_KEY is None and env_bool("BILLING_SANDBOX", default=DEBUG)
BILLING_CURRENCY = env_str("BILLING_CURRENCY", "eur").lower()
# Identity verification (the Silver badge): Stripe Identity with the Stripe key (Identity must be
# switched on in the Stripe dashboard); without a key, a labelled local sandbox where DEBUG is on
# or IDENTITY_SANDBOX asks for it. IDENTITY_ENABLED=false withdraws the feature (503).
IDENTITY_ENABLED = env_bool("IDENTITY_ENABLED", default=True)
IDENTITY_SANDBOX = STRIPE_SECRET_KEY is None and env_bool("IDENTITY_SANDBOX", default=DEBUG)
IDENTITY_START_RATE = env_str("IDENTITY_START_RATE", "5/hour")
# Credits each action costs (X10 of the reference); 0 makes an action free.
CREDIT_COSTS: dict[str, int] = {
    "nda_request": env_int("CREDIT_COST_NDA_REQUEST", 10),
    "send_message": env_int("CREDIT_COST_SEND_MESSAGE", 2),
    "basic_upload": env_int("CREDIT_COST_BASIC_UPLOAD", 10),
    "word_doc": env_int("CREDIT_COST_WORD_DOC", 3),
    "picture_doc": env_int("CREDIT_COST_PICTURE_DOC", 5),
    "extra_image": env_int("CREDIT_COST_EXTRA_IMAGE", 1),
    "video_link": env_int("CREDIT_COST_VIDEO_LINK", 1),
}
# Portals whose messages cost credits (the original: paid for creators, free for investors).
CREDIT_CHARGED_MESSAGE_SENDERS = env_list("CREDIT_CHARGED_MESSAGE_SENDERS", ["creator"])

# --- product ----------------------------------------------------------------------------------

DEMO_PASSWORD = "Demo123"  # noqa: S105 - the public demo accounts of the existing SPA

# --- analytics, archival, slow requests -------------------------------------------------------

# Hours are rolled up this many seconds after they end (events are stamped before commit).
ANALYTICS_ROLLUP_GRACE = env_int("ANALYTICS_ROLLUP_GRACE", 300)
# A first rollup (or one after long downtime) goes back at most this far.
ANALYTICS_CATCH_UP_DAYS = env_int("ANALYTICS_CATCH_UP_DAYS", 400)
# Hourly rollups are dropped after this many days (days, weeks and months stay).
ANALYTICS_HOURLY_RETENTION_DAYS = env_int("ANALYTICS_HOURLY_RETENTION_DAYS", 35)
# Raw rows older than these move to the bucket (aggregates stay); see `archive_data`.
ANALYTICS_EVENT_RETENTION_DAYS = env_int("ANALYTICS_EVENT_RETENTION_DAYS", 180)
READ_NOTIFICATION_RETENTION_DAYS = env_int("READ_NOTIFICATION_RETENTION_DAYS", 90)
ENDED_SESSION_RETENTION_DAYS = env_int("ENDED_SESSION_RETENTION_DAYS", 90)
AUDIT_LOG_RETENTION_DAYS = env_int("AUDIT_LOG_RETENTION_DAYS", 730)
ARCHIVE_PREFIX = env_str("ARCHIVE_PREFIX", "archive")
ARCHIVE_BATCH_SIZE = env_int("ARCHIVE_BATCH_SIZE", 2000)
SLOW_REQUEST_TRACKING = env_bool("SLOW_REQUEST_TRACKING", default=True)
SLOW_REQUEST_MS = env_int("SLOW_REQUEST_MS", 1000)
SLOW_QUERY_MS = env_int("SLOW_QUERY_MS", 300)
