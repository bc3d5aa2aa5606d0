"""The settings a flow run works with: the environment's, with credentials from Prefect Secret blocks
(when a Prefect API is configured) and the raw lake from a prefect-aws S3Bucket block when one is named.

So no credential has to travel in flow-run parameters or job variables, where the flow-run API shows it
in plain text: the worker's runs read them from the server's encrypted blocks. A credential with no
block falls back to the environment. A lake block that does not exist is a one-line error before the
run starts anything.
"""

from __future__ import annotations

import json
from typing import Any

from prefect.client.orchestration import get_client
from prefect.exceptions import ObjectNotFound
from prefect.settings import get_current_settings

from scout_core.errors import ConfigurationError
from scout_core.settings import Settings, load_settings
from scout_core.settings_secrets import SECRET_PATHS, SettingPath, block_name, with_secrets, with_values


def prefect_api_configured() -> bool:
    """A Prefect server (PREFECT_API_URL), not the ephemeral in-process API of `scout run`."""
    return bool(get_current_settings().api.url)


def run_settings(settings: Settings | None = None) -> Settings:
    """``settings`` (default: the environment's) with Secret-block credentials and the lake block applied."""
    settings = settings or load_settings()
    if settings.prefect.secret_blocks and prefect_api_configured():
        settings = with_secrets(settings, secret_block_values())
    if settings.prefect.lake_block:
        settings = with_lake_block(settings, settings.prefect.lake_block)
    return settings


def secret_block_values() -> dict[SettingPath, str]:
    """The text of every ``scout-<setting>`` Secret block that exists on the server."""
    found: dict[SettingPath, str] = {}
    with get_client(sync_client=True) as client:
        for path in SECRET_PATHS:
            try:
                document = client.read_block_document_by_name(block_name(path), "secret", include_secrets=True)
            except ObjectNotFound:
                continue  # no block: the environment's setting stands
            value = document.data.get("value")
            if value not in (None, "", []):
                found[path] = value if isinstance(value, str) else json.dumps(value)
    return found


def with_lake_block(settings: Settings, name: str) -> Settings:
    """The raw lake's bucket, folder and S3 access from the S3Bucket block ``name`` (and its AwsCredentials)."""
    from prefect_aws import S3Bucket

    try:
        bucket = S3Bucket.load(name)
    except (ValueError, ObjectNotFound) as exc:
        raise ConfigurationError(
            f"SCOUT_PREFECT__LAKE_BLOCK: no s3-bucket block named {name!r} on the Prefect API "
            f"({get_current_settings().api.url or 'ephemeral'}); create it with `scout blocks register`") from exc
    creds = bucket.credentials
    secret = creds.aws_secret_access_key
    values: dict[SettingPath, Any] = {
        ("raw_lake_url",): f"s3://{bucket.bucket_name}/{(bucket.bucket_folder or '').strip('/')}".rstrip("/"),
        ("raw_lake_s3", "access_key_id"): creds.aws_access_key_id,
        ("raw_lake_s3", "secret_access_key"): secret.get_secret_value() if secret else None,
        ("raw_lake_s3", "session_token"): creds.aws_session_token,
        ("raw_lake_s3", "region"): creds.region_name,
        ("raw_lake_s3", "endpoint_url"): creds.aws_client_parameters.endpoint_url,
    }
    return with_values(settings, values, f"s3-bucket block {name!r}")
