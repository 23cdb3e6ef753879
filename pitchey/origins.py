"""The one origin rule for requests that carry ambient credentials: cookie-authenticated unsafe
HTTP requests (CSRF) and WebSocket upgrades. An origin is trusted when it is listed in
CSRF_TRUSTED_ORIGINS, or when it is the site's own origin: the request's host (one of
ALLOWED_HOSTS) with the request's scheme."""

from __future__ import annotations

from django.conf import settings
from django.http.request import split_domain_port, validate_host


def _normal(origin: str) -> str:
    return origin.strip().lower().rstrip("/")


def origin_trusted(origin: str, *, host: str, secure: bool) -> bool:
    """Whether a request from `origin` to `host` (over TLS when `secure`) may use cookies."""
    origin = _normal(origin)
    if not origin or origin == "null":
        return False
    if origin in {_normal(item) for item in settings.CSRF_TRUSTED_ORIGINS}:
        return True
    host = host.strip().lower()
    domain, _ = split_domain_port(host)
    if not host or not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    return origin == f"{'https' if secure else 'http'}://{host}"
