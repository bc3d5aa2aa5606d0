"""Create Scout's Prefect blocks from the current settings: ``scout blocks register`` (``make deploy`` too).

* one Secret block per credential that is set (``scout-github-token``, ``scout-x-web-session-cookies``,
  ``scout-database-url``, ...): flow runs read them from the server (tasks/run_settings.py), so nothing
  secret has to be in the worker's job variables or a run's parameters;
* with an S3 raw lake (``SCOUT_RAW_LAKE_URL=s3://bucket/prefix``), an AwsCredentials block
  ``scout-aws`` and an S3Bucket block (``SCOUT_PREFECT__LAKE_BLOCK``, default ``scout-raw-lake``).

Blocks are overwritten, so re-running after a credential rotation updates them. Only names are printed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from deployments.work_pool import prefect_api_url
from scout_core.errors import ConfigurationError, ScoutError
from scout_core.settings import Settings
from scout_core.settings_secrets import block_name, env_name, secret_values

AWS_BLOCK = "scout-aws"
LAKE_BLOCK = "scout-raw-lake"


@dataclass
class Registered:
    secrets: list[str] = field(default_factory=list)
    lake: str | None = None
    aws: str | None = None


def register_blocks(settings: Settings) -> Registered:
    """Write the blocks the settings call for to the Prefect API at ``PREFECT_API_URL``."""
    import httpx
    from prefect.blocks.system import Secret

    url = prefect_api_url()
    done = Registered()
    try:
        for path, value in secret_values(settings).items():
            Secret(value=value).save(block_name(path), overwrite=True)
            done.secrets.append(block_name(path))
        if settings.raw_lake_url and settings.raw_lake_url.startswith("s3://"):
            done.aws, done.lake = _register_lake(settings)
    except httpx.HTTPError as exc:
        raise ConfigurationError(f"cannot reach the Prefect API at {url}: {type(exc).__name__}: {exc}") from exc
    return done


def _register_lake(settings: Settings) -> tuple[str, str]:
    from prefect_aws import AwsClientParameters, AwsCredentials, S3Bucket

    s3 = settings.raw_lake_s3
    bucket, _, folder = (settings.raw_lake_url or "").removeprefix("s3://").partition("/")
    if not bucket:
        raise ConfigurationError(f"SCOUT_RAW_LAKE_URL has no bucket: {settings.raw_lake_url!r}")
    creds = AwsCredentials(
        aws_access_key_id=s3.access_key_id.get_secret_value() if s3.access_key_id else None,
        aws_secret_access_key=s3.secret_access_key.get_secret_value() if s3.secret_access_key else None,
        aws_session_token=s3.session_token.get_secret_value() if s3.session_token else None,
        region_name=s3.region, aws_client_parameters=AwsClientParameters(endpoint_url=s3.endpoint_url))
    creds.save(AWS_BLOCK, overwrite=True)
    name = settings.prefect.lake_block or LAKE_BLOCK
    S3Bucket(bucket_name=bucket, bucket_folder=folder.strip("/"), credentials=creds).save(name, overwrite=True)
    return AWS_BLOCK, name


def main(argv: Sequence[str] | None = None) -> int:
    from scout_core.settings import load_settings

    try:
        settings = load_settings()
        done = register_blocks(settings)
    except ScoutError as exc:
        print(f"blocks: {exc}", file=sys.stderr)
        return 1
    print(describe(done, settings))
    return 0


def describe(done: Registered, settings: Settings) -> str:
    lines = [f"secret block {name}: written" for name in done.secrets]
    if not done.secrets:
        lines.append("no credential is set: no Secret block written (runs use the sandbox or the worker's environment)")
    if done.lake:
        lines.append(f"s3-bucket block {done.lake} (credentials {done.aws}): written")
        if settings.prefect.lake_block != done.lake:
            lines.append(f"  runs use it once SCOUT_PREFECT__LAKE_BLOCK={done.lake} is set where the worker runs")
    if done.secrets:
        names = ", ".join(env_name(p) for p in secret_values(settings))
        lines.append(f"the worker's runs read these from the server; {names} can leave the worker's environment")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
