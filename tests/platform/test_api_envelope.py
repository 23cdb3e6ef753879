import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.platform.urls")]


def test_success_is_wrapped_in_the_envelope_with_the_request_id(api):
    response = api.get("/api/version")
    body = response.json()
    assert response.status_code == 200
    assert body["success"] is True
    assert body["data"]["version"] == "1.0.0"
    assert body["meta"]["requestId"] == response["X-Request-Id"]
    assert body["meta"]["timestamp"].endswith("Z")


def test_a_well_formed_incoming_request_id_is_kept(api):
    response = api.get("/api/version", HTTP_X_REQUEST_ID="trace-abc-12345")
    assert response["X-Request-Id"] == "trace-abc-12345"
    assert response.json()["meta"]["requestId"] == "trace-abc-12345"


def test_a_malformed_request_id_is_replaced(api):
    response = api.get("/api/version", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-Id"] != "<script>"
    assert len(response["X-Request-Id"]) == 32


def test_camel_case_in_and_out(api):
    response = api.post("/api/test/echo", {"fullName": "Ada", "budgetRange": "low"}, format="json")
    assert response.status_code == 201
    assert response.json()["data"] == {"echoedBack": {"fullName": "Ada", "budgetRange": "low"}}


def test_validation_errors_carry_field_details(api):
    response = api.post(
        "/api/test/echo", {"fullName": "x" * 30, "budgetRange": "huge"}, format="json"
    )
    body = response.json()
    assert response.status_code == 400
    assert body["success"] is False
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert set(body["error"]["details"]) == {"fullName", "budgetRange"}
    assert "20 characters" in body["error"]["details"]["fullName"][0]


def test_malformed_json_is_a_400_not_a_500(api):
    response = api.post("/api/test/echo", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST"


def test_domain_conflict_is_409(api, django_user_model):
    user = django_user_model.objects.create_user("c@example.com", "c", "pw-123456789")
    api.force_authenticate(user)
    response = api.post("/api/test/conflict")
    assert response.status_code == 409
    assert response.json()["error"] == {"code": "CONFLICT", "message": "That already exists."}


def test_authentication_required_is_401_in_the_envelope(api):
    response = api.post("/api/test/conflict")
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "UNAUTHORIZED",
        "message": "Authentication required",
    }


def test_unknown_api_path_is_a_404_envelope(api):
    response = api.get("/api/no/such/thing")
    body = response.json()
    assert response.status_code == 404
    assert body["success"] is False
    assert body["error"]["code"] == "NOT_FOUND"
    assert body["meta"]["requestId"] == response["X-Request-Id"]


def test_unknown_page_is_a_styled_html_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert (
        b"couldn&#x27;t find that page" in response.content or b"find that page" in response.content
    )


def test_method_not_allowed_is_405(api):
    response = api.delete("/api/version")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_rate_limit_answers_429_with_retry_after(api, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/minute"}
    statuses = [api.get("/api/version").status_code for _ in range(3)]
    limited = api.get("/api/version")
    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited["X-RateLimit-Limit"] == "3"
    assert limited["X-RateLimit-Remaining"] == "0"
    assert 0 <= int(limited["X-RateLimit-Reset"]) <= 60


def test_rate_limit_headers_on_allowed_requests(api, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "10/minute"}
    response = api.get("/api/version")
    assert response["X-RateLimit-Limit"] == "10"
    assert response["X-RateLimit-Remaining"] == "9"


@pytest.fixture
def database_down():
    """Point the connection at a port where nothing listens, as when Neon is unreachable."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    connection.settings_dict["OPTIONS"] = {**saved["OPTIONS"], "connect_timeout": 1}
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_database_down_is_503_with_retry_after(api, database_down):
    response = api.get("/api/test/database")
    body = response.json()
    assert response.status_code == 503
    assert body["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert response["Retry-After"] == "5"


@pytest.mark.django_db(transaction=True)
def test_database_up_answers_normally(api):
    assert api.get("/api/test/database").json()["data"] == {"answer": 42}
