"""`/health`: status and latency of every dependency for people; 200 when all are healthy, 503
otherwise. `/health/live` and `/health/ready` are the load balancer's probes: answered by
`ProbeMiddleware` before any other middleware (no session, no host check, no redirect), liveness
without calling anything, readiness from a result kept for `READY_CACHE_SECONDS`."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"backend": "postgresql", "embedded": settings.EMBEDDED_DATABASE}


def check_cache() -> dict[str, Any]:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=5)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value it was given")
    cache.delete(key)
    return {"backend": "redis" if settings.REDIS_URL else "locmem"}


CHANNEL_TIMEOUT_SECONDS = 2.0


def check_channel_layer() -> dict[str, Any]:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def roundtrip() -> None:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "health.ping"})
        message = await layer.receive(channel)
        if message.get("type") != "health.ping":
            raise RuntimeError("channel layer returned another message")

    async def bounded() -> None:
        await asyncio.wait_for(roundtrip(), timeout=CHANNEL_TIMEOUT_SECONDS)

    async_to_sync(bounded)()
    return {"backend": type(layer).__module__ + "." + type(layer).__name__}


CHANNEL_CACHE_SECONDS = 5.0
# (monotonic time it was checked, reachable): however many clients ask, one roundtrip per
# process every few seconds at most.
_last_channel: list[tuple[float, bool]] = []


def forget_channel_layer() -> None:
    _last_channel.clear()


def channel_layer_available() -> bool:
    """Whether a message sent through the channel layer (Redis in production) comes back, from a
    result kept for `CHANNEL_CACHE_SECONDS`; a failure or a timeout is False, never raised."""
    now = time.monotonic()
    if _last_channel and now - _last_channel[0][0] < CHANNEL_CACHE_SECONDS:
        return _last_channel[0][1]
    try:
        check_channel_layer()
        reachable = True
    except Exception:  # any failure means the socket cannot be served
        reachable = False
    _last_channel[:] = [(time.monotonic(), reachable)]
    return reachable


def check_broker() -> dict[str, Any]:
    if settings.CELERY_BROKER_URL == "memory://":
        return {"backend": "eager" if settings.CELERY_TASK_ALWAYS_EAGER else "memory"}
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        transport = conn.transport_cls
    return {"backend": str(transport)}


def check_storage() -> dict[str, Any]:
    default_storage.exists("health/probe")
    backend = type(
        default_storage._wrapped if hasattr(default_storage, "_wrapped") else default_storage
    )
    return {"backend": backend.__name__}


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "cache": check_cache,
    "channelLayer": check_channel_layer,
    "broker": check_broker,
    "storage": check_storage,
}


def run_checks() -> tuple[bool, dict[str, dict[str, Any]]]:
    results: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            info = check()
            results[name] = {"status": "healthy", **info}
        except Exception as exc:  # every failure is reported, none is raised
            results[name] = {"status": "unhealthy", "error": f"{type(exc).__name__}: {exc}"[:300]}
        results[name]["latencyMs"] = round((time.perf_counter() - started) * 1000, 2)
    healthy = all(result["status"] == "healthy" for result in results.values())
    return healthy, results


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    healthy, results = run_checks()
    body = {
        "status": "healthy" if healthy else "unhealthy",
        "checks": results,
        "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
        "requestId": getattr(request, "request_id", None),
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    if not healthy:
        response["Retry-After"] = "10"
    return response


@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the process answers; no dependency is called."""
    return JsonResponse({"status": "alive", "timestamp": timezone.now().isoformat()})


# Readiness checks what a request needs to be served; the broker and channel layer are left to
# `/health`, so a stalled worker queue does not take web processes out of rotation.
READY_CHECKS = ("database", "cache")


READY_CACHE_SECONDS = 1.0
# (monotonic time it was checked, healthy, results): one check per process per second at most,
# however many probes ask.
_last_ready: list[tuple[float, bool, dict[str, dict[str, Any]]]] = []


def forget_readiness() -> None:
    _last_ready.clear()


def readiness() -> tuple[bool, dict[str, dict[str, Any]]]:
    now = time.monotonic()
    if _last_ready and now - _last_ready[0][0] < READY_CACHE_SECONDS:
        return _last_ready[0][1], _last_ready[0][2]
    healthy, results = _check_ready()
    _last_ready[:] = [(time.monotonic(), healthy, results)]
    return healthy, results


def _check_ready() -> tuple[bool, dict[str, dict[str, Any]]]:
    results: dict[str, dict[str, Any]] = {}
    for name in READY_CHECKS:
        started = time.perf_counter()
        try:
            results[name] = {"status": "healthy", **CHECKS[name]()}
        except Exception as exc:  # reported, never raised
            results[name] = {"status": "unhealthy", "error": f"{type(exc).__name__}: {exc}"[:300]}
        results[name]["latencyMs"] = round((time.perf_counter() - started) * 1000, 2)
    return all(r["status"] == "healthy" for r in results.values()), results


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database and cache answer, 503 (with Retry-After) otherwise."""
    healthy, results = readiness()
    response = JsonResponse(
        {"status": "ready" if healthy else "unready", "checks": results},
        status=200 if healthy else 503,
    )
    if not healthy:
        response["Retry-After"] = "5"
    return response


_PROBES = {"/health/live": live, "/health/ready": ready}


class ProbeMiddleware:
    """Answers the two probes first, so a probe costs no session, user or tracking work."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = _PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)
