"""The raw lake: every payload exactly as a source returned it, gzip JSON, before any normalizing.

Keys read ``<source>/<YYYY-MM-DD>/<handle>-<timestamp>.json.gz`` (UTC). A directory by default
(``settings.raw_dir``), S3 when ``settings.raw_lake_url`` is ``s3://bucket/prefix`` (boto3 directly;
it honours ``AWS_ENDPOINT_URL`` for S3-compatible servers). Keeping the raw payload means a parser fix
can be replayed over past fetches without calling the source again.
"""

from __future__ import annotations

import gzip
import re
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from scout_core.errors import ConfigurationError, StoreError
from scout_core.schema import RawPayload
from scout_core.settings import Settings

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_KEY_RE = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")
MAX_NAME = 100


def _safe(part: str | None, fallback: str) -> str:
    """A path segment that cannot escape its directory: no separators, no leading dots."""
    cleaned = re.sub(r"\.{2,}", ".", _UNSAFE.sub("_", part or "")).lstrip(".")[:MAX_NAME]
    return cleaned or fallback


def key_for(raw: RawPayload) -> str:
    at = raw.fetched_at
    stamp = at.strftime("%Y%m%dT%H%M%S%fZ")
    return f"{_safe(raw.source, 'unknown')}/{at:%Y-%m-%d}/{_safe(raw.handle, '_')}-{stamp}.json.gz"


def encode(raw: RawPayload) -> bytes:
    return gzip.compress(raw.model_dump_json().encode(), mtime=0)


def decode(data: bytes, key: str) -> RawPayload:
    try:
        return RawPayload.model_validate_json(gzip.decompress(data))
    except (OSError, ValueError) as exc:
        raise StoreError(f"raw lake: {key!r} is not a gzip JSON raw payload: {exc}") from exc


def check_key(key: str) -> str:
    """Reject keys that could leave the lake (``..``, absolute paths, odd characters)."""
    if not _KEY_RE.fullmatch(key) or any(part in ("", ".", "..") for part in key.split("/")):
        raise StoreError(f"raw lake: invalid key {key!r}")
    return key


class RawLake(ABC):
    """Where raw payloads are kept. ``put`` returns the key that ``get`` takes back."""

    def put(self, raw: RawPayload) -> str:
        key = key_for(raw)
        self._write(key, encode(raw))
        return key

    def get(self, key: str) -> RawPayload:
        return decode(self._read(check_key(key)), key)

    @abstractmethod
    def keys(self, prefix: str = "") -> list[str]:
        """Every key starting with ``prefix``, sorted."""

    @abstractmethod
    def _write(self, key: str, data: bytes) -> None: ...

    @abstractmethod
    def _read(self, key: str) -> bytes: ...


class LocalRawLake(RawLake):
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root):
            raise StoreError(f"raw lake: key {key!r} leaves {self.root}")
        return path

    def _write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)  # readers never see half a file

    def _read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise StoreError(f"raw lake: no payload at {key!r}") from exc

    def keys(self, prefix: str = "") -> list[str]:
        if not self.root.exists():
            return []
        found = (p.relative_to(self.root).as_posix() for p in self.root.rglob("*.json.gz") if p.is_file())
        return sorted(k for k in found if k.startswith(prefix))


class S3RawLake(RawLake):
    def __init__(self, url: str, client: Any = None, client_options: dict[str, Any] | None = None) -> None:
        if not url.startswith("s3://"):
            raise ConfigurationError(f"raw_lake_url must look like s3://bucket/prefix, got {url!r}")
        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        if not bucket:
            raise ConfigurationError(f"raw_lake_url has no bucket: {url!r}")
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._client = client
        self._options = client_options or {}

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3  # only when an S3 lake is configured

            self._client = boto3.client("s3", **self._options)
        return self._client

    def _s3(self, action: str, key: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, action)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchKey", "404"):
                raise StoreError(f"raw lake: no payload at {key!r}") from exc
            raise StoreError(f"raw lake s3://{self.bucket}: {action} {key!r} failed: {code or exc}") from exc
        except BotoCoreError as exc:
            raise StoreError(f"raw lake s3://{self.bucket}: {action} {key!r} failed: {exc}") from exc

    def _write(self, key: str, data: bytes) -> None:
        self._s3("put_object", key, Key=self.prefix + key, Body=data, ContentType="application/gzip")

    def _read(self, key: str) -> bytes:
        return self._s3("get_object", key, Key=self.prefix + key)["Body"].read()

    def keys(self, prefix: str = "") -> list[str]:
        found: list[str] = []
        token: dict[str, str] = {}
        while True:
            page = self._s3("list_objects_v2", prefix, Prefix=self.prefix + prefix, **token)
            found += [obj["Key"][len(self.prefix):] for obj in page.get("Contents", [])]
            if not page.get("IsTruncated"):
                return sorted(found)
            token = {"ContinuationToken": page["NextContinuationToken"]}


def open_lake(settings: Settings) -> RawLake:
    """The lake the settings ask for: S3 when ``raw_lake_url`` is ``s3://...``, else a directory."""
    url = settings.raw_lake_url
    if url and url.startswith("s3://"):
        return S3RawLake(url, client_options=s3_client_options(settings))
    if url:
        return LocalRawLake(url.removeprefix("file://"))
    return LocalRawLake(settings.raw_dir)


def s3_client_options(settings: Settings) -> dict[str, Any]:
    """``boto3.client("s3", ...)`` keywords from the lake's S3 settings (only those that are set)."""
    s3 = settings.raw_lake_s3
    secrets = {"aws_access_key_id": s3.access_key_id, "aws_secret_access_key": s3.secret_access_key,
               "aws_session_token": s3.session_token}
    options: dict[str, Any] = {k: v.get_secret_value() for k, v in secrets.items() if v is not None}
    plain = {"region_name": s3.region, "endpoint_url": s3.endpoint_url}
    return options | {k: v for k, v in plain.items() if v}
