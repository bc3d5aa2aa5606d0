"""Credentials from Prefect Secret blocks, the S3 lake from an S3Bucket block, `scout blocks register`:
against the Prefect test harness's real API and a moto S3 server."""

from __future__ import annotations

import socket

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from scout_core.errors import ConfigurationError
from scout_core.settings import S3Cfg, Settings
from scout_core.settings_secrets import SECRET_PATHS, block_name

pytestmark = [pytest.mark.integration]


@pytest.fixture
def blocks(prefect_harness):
    """Scout's blocks on the harness, deleted afterwards: other flow tests must not find credentials."""
    yield
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    names = [(block_name(p), "secret") for p in SECRET_PATHS] + [("scout-aws", "aws-credentials"),
                                                                   ("scout-raw-lake", "s3-bucket")]
    with get_client(sync_client=True) as client:
        for name, kind in names:
            try:
                client.delete_block_document(client.read_block_document_by_name(name, kind).id)
            except ObjectNotFound:
                pass


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


def test_registered_secret_blocks_replace_the_environment_and_missing_ones_fall_back(blocks, tmp_path):
    from deployments.blocks import register_blocks
    from tasks.run_settings import run_settings

    at_deploy = Settings(data_dir=tmp_path, _env_file=None).model_copy(update={
        "github": Settings().github.model_copy(update={"token": SecretStr("ghp_from_block")})})
    done = register_blocks(at_deploy)
    assert done.secrets == ["scout-github-token"] and done.lake is None

    worker_env = Settings(data_dir=tmp_path, _env_file=None)
    worker_env = worker_env.model_copy(update={
        "github": worker_env.github.model_copy(update={"token": SecretStr("ghp_stale_env")}),
        "x_api": worker_env.x_api.model_copy(update={"bearer_token": SecretStr("bearer_env_only")})})
    resolved = run_settings(worker_env)
    assert resolved.github.token.get_secret_value() == "ghp_from_block"  # the block wins
    assert resolved.x_api.bearer_token.get_secret_value() == "bearer_env_only"  # no block: the environment
    off = worker_env.model_copy(update={"prefect": worker_env.prefect.model_copy(update={"secret_blocks": False})})
    assert run_settings(off).github.token.get_secret_value() == "ghp_stale_env"


def test_the_lake_block_carries_bucket_folder_and_credentials_to_the_raw_lake(blocks, tmp_path, s3_endpoint,
                                                                            monkeypatch):
    import boto3

    from deployments.blocks import register_blocks
    from scout_core.lake import S3RawLake, open_lake
    from scout_core.schema import RawPayload
    from tasks.run_settings import run_settings

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(key, raising=False)
    s3 = S3Cfg(access_key_id=SecretStr("testing"), secret_access_key=SecretStr("testing"), region="us-east-1",
               endpoint_url=s3_endpoint)
    at_deploy = Settings(data_dir=tmp_path, _env_file=None).model_copy(
        update={"raw_lake_url": "s3://block-lake/raw/v2", "raw_lake_s3": s3})
    done = register_blocks(at_deploy)
    assert (done.aws, done.lake) == ("scout-aws", "scout-raw-lake")
    assert "scout-raw-lake-s3-secret-access-key" in done.secrets

    worker = Settings(data_dir=tmp_path, _env_file=None)  # nothing about S3 in the worker's environment
    worker = worker.model_copy(update={"prefect": worker.prefect.model_copy(update={"lake_block": "scout-raw-lake"})})
    lake = open_lake(run_settings(worker))
    assert isinstance(lake, S3RawLake) and (lake.bucket, lake.prefix) == ("block-lake", "raw/v2/")
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="testing",
                 aws_secret_access_key="testing").create_bucket(Bucket="block-lake")
    key = lake.put(RawPayload(source="github", handle="ada", body={"login": "ada"}))
    assert key.startswith("github/") and lake.get(key).body == {"login": "ada"}


def test_an_unknown_lake_block_is_one_line_and_the_run_records_nothing(blocks, tmp_path, monkeypatch):
    from flows.pipeline import pipeline
    from scout_core.runtime import open_repository
    from tasks.run_settings import run_settings

    worker = Settings(data_dir=tmp_path / "data", _env_file=None)
    worker = worker.model_copy(update={"prefect": worker.prefect.model_copy(update={"lake_block": "no-such-lake"})})
    with pytest.raises(ConfigurationError, match="no s3-bucket block named 'no-such-lake'") as raised:
        run_settings(worker)
    assert "\n" not in str(raised.value) and "scout blocks register" in str(raised.value)

    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCOUT_PREFECT__LAKE_BLOCK", "no-such-lake")
    state = pipeline(limit=5, return_state=True)
    assert state.is_failed() and "no-such-lake" in state.message
    assert open_repository(Settings(data_dir=tmp_path / "data", _env_file=None)).recent_runs() == []


def test_scout_blocks_register_prints_names_never_values(blocks, tmp_path):
    from prefect.settings import get_current_settings

    from scout_core.cli import app

    env = {"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_GITHUB__TOKEN": "ghp_secret_value_123",
           "SCOUT_X_WEB__SESSION_COOKIES": '["cookie_secret_456"]', "PREFECT_API_URL": get_current_settings().api.url}
    result = CliRunner().invoke(app, ["blocks", "register"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "secret block scout-github-token: written" in result.output
    assert "scout-x-web-session-cookies" in result.output
    assert "ghp_secret_value_123" not in result.output and "cookie_secret_456" not in result.output
