"""Test settings: the real PostgreSQL (and Redis where REDIS_URL is set), a fast hasher, locmem
email."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789abcdef")
os.environ.setdefault(
    "JWT_SIGNING_KEY", "test-only-jwt-signing-key-distinct-from-secret-key-0123456789"
)
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5ISE=")
os.environ.setdefault("SECURE_HTTPS", "false")
# Each test run gets its own cache/channel prefix so runs sharing one Redis never see each other.
os.environ.setdefault("CACHE_KEY_PREFIX", f"pitchey-test-{secrets.token_hex(4)}")

from pitchey.settings import *  # noqa: F403

TESTING = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
STATIC_ROOT = None  # type: ignore[assignment] # tests serve static files from the finders, not a collected tree
IDENTITY_SANDBOX = True
BILLING_SANDBOX = True  # tests that talk to Stripe point STRIPE_API_BASE at a local fake
SLOW_REQUEST_TRACKING = False  # timings vary on a shared machine; tests that need it turn it on
