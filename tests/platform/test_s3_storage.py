"""The private bucket through django-storages against a real S3 endpoint (moto's server on
loopback)."""

import io
import socket
import urllib.request
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from pitchey.health import check_storage
from pitchey.storage import save_file, signed_url, unguessable_key

pytestmark = pytest.mark.django_db

BUCKET = "pitchey-private"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint):
    settings.S3_BUCKET = BUCKET
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "pitchey.storage.BucketStorage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "signature_version": "s3v4",
                "addressing_style": "path",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
            },
        },
    }
    return s3_endpoint


def test_files_go_to_the_bucket_and_come_back_through_short_signed_urls(bucket):
    name = save_file(unguessable_key("docs", "treatment.pdf"), io.BytesIO(b"%PDF-1.4 treatment"))
    assert default_storage.exists(name)
    url = signed_url(name, download_name="treatment.pdf")
    query = parse_qs(urlparse(url).query)
    assert url.startswith(f"{bucket}/{BUCKET}/docs/")  # path addressing
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]  # SigV4
    assert query["X-Amz-Expires"] == ["300"]
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback moto
        assert response.read() == b"%PDF-1.4 treatment"
        assert "treatment.pdf" in response.headers["Content-Disposition"]


def test_private_urls_default_to_300_seconds_and_honour_shorter_lifetimes(bucket):
    name = save_file(unguessable_key("docs", "s.pdf"), io.BytesIO(b"%PDF-1.4 s"))
    assert parse_qs(urlparse(signed_url(name)).query)["X-Amz-Expires"] == ["300"]
    assert parse_qs(urlparse(signed_url(name, max_age=120)).query)["X-Amz-Expires"] == ["120"]


def test_health_checks_the_bucket(bucket):
    assert check_storage()["backend"] == "BucketStorage"


@pytest.mark.parametrize(
    ("content", "content_type", "disposition"),
    [
        (b"GIF89a<html><script>alert(1)</script></html>", "image/gif", "inline"),
        (b"%PDF-1.4 a deck", "application/pdf", "inline"),
        (b"<html><script>alert(1)</script></html>", "application/octet-stream", "attachment"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "application/octet-stream", "attachment"),
    ],
)
def test_objects_carry_the_type_of_their_bytes_whatever_their_name(
    bucket, content, content_type, disposition
):
    name = save_file("uploads/poster.html", io.BytesIO(content))
    head = default_storage.bucket.Object(name)  # type: ignore[attr-defined]
    head.load()
    assert head.content_type == content_type
    assert head.content_disposition == disposition
    with urllib.request.urlopen(signed_url(name), timeout=10) as response:  # noqa: S310 - loopback moto
        assert response.headers["Content-Type"] == content_type
