import pytest

pytestmark = pytest.mark.django_db


def test_health_is_200_when_every_dependency_answers(client):
    response = client.get("/health")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "healthy"
    assert set(body["checks"]) == {"database", "cache", "channelLayer", "broker", "storage"}
    for check in body["checks"].values():
        assert check["status"] == "healthy"
        assert check["latencyMs"] >= 0
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_health_goes_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.RATE_LIMIT_ENABLED = False
    response = client.get("/health")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unhealthy"
    assert body["checks"]["cache"]["status"] == "unhealthy"
    assert body["checks"]["database"]["status"] == "healthy"


def test_health_goes_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "unhealthy"


@pytest.mark.django_db(transaction=True)
def test_health_goes_503_when_the_database_is_down(client):
    from django.db import connection

    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    connection.settings_dict["OPTIONS"] = {**saved["OPTIONS"], "connect_timeout": 1}
    try:
        response = client.get("/health")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "unhealthy"


@pytest.mark.redis
def test_health_reports_redis_backed_services(client):
    body = client.get("/health").json()
    assert body["status"] == "healthy", body
    assert body["checks"]["cache"]["backend"] == "redis"
    assert "Redis" in body["checks"]["channelLayer"]["backend"]
    assert "redis" in body["checks"]["broker"]["backend"].lower()


def test_readiness_is_checked_at_most_once_a_second(client, monkeypatch):
    from pitchey import health

    calls = []
    monkeypatch.setitem(health.CHECKS, "database", lambda: calls.append(1) or {})
    clock = [1000.0]
    monkeypatch.setattr(health.time, "monotonic", lambda: clock[0])
    assert client.get("/health/ready").status_code == 200
    clock[0] += 0.5
    assert client.get("/health/ready").status_code == 200
    assert len(calls) == 1
    clock[0] += 0.6
    assert client.get("/health/ready").status_code == 200
    assert len(calls) == 2


def test_a_failed_readiness_is_kept_a_second_too_then_checked_again(client, monkeypatch):
    from pitchey import health

    state = {"up": False}

    def database() -> dict:
        if not state["up"]:
            raise OSError("connection refused")
        return {}

    monkeypatch.setitem(health.CHECKS, "database", database)
    clock = [50.0]
    monkeypatch.setattr(health.time, "monotonic", lambda: clock[0])
    assert client.get("/health/ready").status_code == 503
    state["up"] = True
    assert client.get("/health/ready").status_code == 503
    clock[0] += 1.01
    assert client.get("/health/ready").status_code == 200


def test_probes_skip_the_session_host_check_and_https_redirect(
    client, settings, django_assert_num_queries
):
    settings.ALLOWED_HOSTS = ["pitchey.example"]
    settings.SECURE_SSL_REDIRECT = True
    with django_assert_num_queries(0):
        live = client.get("/health/live", HTTP_HOST="10.0.0.7")
    assert live.status_code == 200
    assert "sessionid" not in live.cookies
    assert client.get("/health/ready", HTTP_HOST="10.0.0.7").status_code == 200
    assert client.get("/health", HTTP_HOST="10.0.0.7").status_code == 400
