"""The raw lake on a directory and on S3 (moto in server mode on 127.0.0.1), with the same tests."""

from __future__ import annotations

import gzip
import json
import socket
from datetime import UTC, datetime

import pytest

from scout_core.errors import ConfigurationError, StoreError
from scout_core.lake import LocalRawLake, S3RawLake, open_lake
from scout_core.schema import RawPayload

AT = datetime(2025, 6, 1, 12, 30, 45, 123456, tzinfo=UTC)


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch, s3_endpoint):
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": s3_endpoint}.items():
        monkeypatch.setenv(key, value)
    return s3_endpoint


@pytest.fixture(params=["local", "s3"])
def lake(request, tmp_path):
    if request.param == "local":
        return LocalRawLake(tmp_path / "raw")
    request.getfixturevalue("aws_env")
    import boto3

    bucket = f"lake-{abs(hash(request.node.name)) % 10**8}"
    boto3.client("s3").create_bucket(Bucket=bucket)
    return S3RawLake(f"s3://{bucket}/raw/v1")


def payload(handle: str | None = "Ada_Builds", source: str = "x_api") -> RawPayload:
    return RawPayload(source=source, handle=handle, fetched_at=AT, body={"user": {"data": {"id": "1"}}, "t": "✨"},
                      meta={"user_reads": 1})


def test_put_get_round_trip_with_the_key_layout(lake):
    key = lake.put(payload())
    assert key == "x_api/2025-06-01/Ada_Builds-20250601T123045123456Z.json.gz"
    back = lake.get(key)
    assert back == payload()


def test_keys_by_prefix(lake):
    lake.put(payload("ada"))
    lake.put(payload("bob", source="github"))
    assert lake.keys() == sorted(lake.keys()) and len(lake.keys()) == 2
    assert lake.keys("github/") == ["github/2025-06-01/bob-20250601T123045123456Z.json.gz"]
    assert lake.keys("nothing/") == []


def test_unsafe_handles_stay_inside_the_lake(lake):
    key = lake.put(payload("../../etc/passwd"))
    assert key.startswith("x_api/2025-06-01/") and ".." not in key and key.count("/") == 2
    assert lake.get(key).handle == "../../etc/passwd"
    assert lake.put(payload(None)).startswith("x_api/2025-06-01/_-")


def test_bad_keys_are_refused(lake):
    for key in ("../outside.json.gz", "/etc/passwd", "x_api/../../x.json.gz", "a//b"):
        with pytest.raises(StoreError):
            lake.get(key)
    with pytest.raises(StoreError, match="no payload"):
        lake.get("x_api/2025-06-01/missing.json.gz")


def test_local_files_are_gzip_json(tmp_path):
    lake = LocalRawLake(tmp_path)
    key = lake.put(payload())
    doc = json.loads(gzip.decompress((tmp_path / key).read_bytes()))
    assert doc["source"] == "x_api" and doc["body"]["t"] == "✨"
    (tmp_path / "x_api/2025-06-01/broken.json.gz").write_bytes(b"not gzip")
    with pytest.raises(StoreError, match="not a gzip JSON"):
        lake.get("x_api/2025-06-01/broken.json.gz")


def test_open_lake_picks_by_setting(settings, tmp_path):
    assert isinstance(open_lake(settings), LocalRawLake)
    assert open_lake(settings).root == settings.raw_dir.resolve()
    s3 = open_lake(settings.model_copy(update={"raw_lake_url": "s3://bucket/some/prefix/"}))
    assert isinstance(s3, S3RawLake) and (s3.bucket, s3.prefix) == ("bucket", "some/prefix/")
    local = open_lake(settings.model_copy(update={"raw_lake_url": f"file://{tmp_path}/lake"}))
    assert isinstance(local, LocalRawLake) and local.root == (tmp_path / "lake").resolve()
    with pytest.raises(ConfigurationError):
        S3RawLake("s3:///no-bucket")


def test_s3_errors_are_store_errors(aws_env):
    lake = S3RawLake("s3://bucket-that-does-not-exist/raw")
    with pytest.raises(StoreError, match="NoSuchBucket"):
        lake.put(payload())


def test_the_s3_settings_alone_reach_the_bucket(settings, s3_endpoint, monkeypatch):
    """Credentials from settings (a Prefect AwsCredentials block ends up there), no AWS_* environment."""
    from pydantic import SecretStr

    from scout_core.settings import S3Cfg

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
                "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    s3 = S3Cfg(access_key_id=SecretStr("testing"), secret_access_key=SecretStr("testing"), region="us-east-1",
               endpoint_url=s3_endpoint)
    lake = open_lake(settings.model_copy(update={"raw_lake_url": "s3://settings-lake/raw", "raw_lake_s3": s3}))
    lake.client.create_bucket(Bucket="settings-lake")
    key = lake.put(payload())
    assert lake.get(key).handle == "Ada_Builds"
    assert lake.client.meta.endpoint_url == s3_endpoint
