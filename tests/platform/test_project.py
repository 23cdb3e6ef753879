"""Project-level guarantees: migrations, deploy checks, OpenAPI, admin branding, Celery wiring."""

import io
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "p" * 20 + "-production-secret-" + "Zq8#xL2!vR9@" * 3,
    "JWT_SIGNING_KEY": "j" * 20 + "-production-jwt-key-" + "Mq7$wK3!tP8@" * 3,
    "FIELD_ENCRYPTION_KEY": "kX0j9uC7mJ4GqkQk7m1oYxF2n8lH3pR5sT6vW9yZ0aE=",
    "ALLOWED_HOSTS": "pitchey.example",
    "SITE_URL": "https://pitchey.example",
    "DATABASE_URL": "postgres://app:secret@db.pitchey.example:5432/pitchey?sslmode=require",
    "REDIS_URL": "redis://cache.pitchey.example:6379/0",
    "S3_BUCKET": "pitchey-private",
    "S3_ENDPOINT_URL": "https://r2.pitchey.example",
}
# What the deploy checks read; the rest (databases, caches, apps) stays the test run's own.
DEPLOY_SETTINGS = re.compile(
    r"^(DEBUG|SECRET_KEY(_FALLBACKS)?|ALLOWED_HOSTS|MIDDLEWARE|SECURE_\w+|SESSION_COOKIE_\w+"
    r"|CSRF_\w+|X_FRAME_OPTIONS|CONTENT_SECURITY_POLICY\w*|BILLING_\w+|STRIPE_\w+)$"
)


def test_production_settings_pass_check_deploy(monkeypatch):
    for name in set(os.environ) - {"PATH", "HOME"}:
        monkeypatch.delenv(name)
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    production = runpy.run_path(str(ROOT / "pitchey" / "settings.py"))
    deploy = {name: value for name, value in production.items() if DEPLOY_SETTINGS.match(name)}
    assert deploy["DEBUG"] is False
    with override_settings(**deploy):
        call_command("check", deploy=True, fail_level="WARNING", stdout=io.StringIO())


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {"PATH": os.environ["PATH"], "DEBUG": "false", "DATABASE_URL": "postgres://a@b/c"}
    result = subprocess.run(
        [sys.executable, "-c", "import pitchey.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_non_postgres_database_urls_are_refused():
    from django.core.exceptions import ImproperlyConfigured

    from pitchey.env import parse_database_url

    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        parse_database_url("mysql://root@localhost/pitchey")


def test_neon_urls_keep_ssl_and_are_parsed():
    from pitchey.env import parse_database_url

    db = parse_database_url(
        "postgresql://u:p%40ss@ep-cool-1-pooler.eu.aws.neon.tech/neondb?sslmode=require"
    )
    assert db["HOST"] == "ep-cool-1-pooler.eu.aws.neon.tech"
    assert db["PASSWORD"] == "p@ss"
    assert db["OPTIONS"]["sslmode"] == "require"


def test_bad_boolean_environment_fails_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from pitchey.env import env_bool

    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


@pytest.mark.django_db
def test_openapi_schema_and_local_docs(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/version" in schema.content
    docs = client.get("/api/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_admin_is_branded(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert b"Pitchey administration" in response.content


@pytest.mark.django_db
def test_home_page_tells_a_newcomer_what_pitchey_is(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"marketplace for pitches" in response.content
    assert "Content-Security-Policy" in response


def test_celery_is_configured_for_work_that_must_not_be_lost():
    from pitchey.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"


def test_json_log_lines_carry_the_request_id():
    import json
    import logging

    from pitchey.logging import JsonFormatter, RequestIdFilter, request_id_var

    token = request_id_var.set("req-1234567")
    try:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["message"] == "hello world"
    assert line["requestId"] == "req-1234567"


def test_openapi_schema_is_valid_and_describes_every_endpoint(tmp_path):
    """drf-spectacular warns for any endpoint it cannot describe; a warning fails this test."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "/api/version" in (tmp_path / "schema.yaml").read_text()


@pytest.mark.parametrize(
    "db",
    [
        {"USER": "app", "PASSWORD": "s3cr/t", "NAME": "pitchey", "HOST": "127.0.0.1", "PORT": 5432},
        {
            "USER": "postgres",
            "PASSWORD": "",
            "NAME": "test_x",
            "HOST": "/run/pg sock",
            "PORT": 5433,
        },
    ],
)
def test_the_browser_servers_database_url_round_trips_tcp_and_socket_settings(db):
    from pitchey.env import parse_database_url
    from tests.e2e.servers import database_url

    parsed = parse_database_url(database_url(db))
    assert {key: parsed[key] for key in db} == {**db, "PORT": str(db["PORT"])}
