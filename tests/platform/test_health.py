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
