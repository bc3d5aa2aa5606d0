"""Which settings are credentials, their Secret block names, and applying block values to settings."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from scout_core.errors import ConfigurationError
from scout_core.settings import Settings
from scout_core.settings_secrets import SECRET_PATHS, block_name, env_name, secret_values, with_secrets


def test_every_secret_field_is_a_credential_with_a_block_name():
    paths = set(SECRET_PATHS)
    assert {("x_api", "bearer_token"), ("x_web", "session_cookies"), ("github", "token"), ("llm", "api_key"),
            ("raw_lake_s3", "secret_access_key"), ("database_url",), ("redis_url",)} <= paths
    assert block_name(("x_web", "session_cookies")) == "scout-x-web-session-cookies"
    assert env_name(("x_web", "session_cookies")) == "SCOUT_X_WEB__SESSION_COOKIES"
    assert len({block_name(p) for p in paths}) == len(paths)


def test_values_round_trip_through_block_text(tmp_path):
    settings = Settings(data_dir=tmp_path, _env_file=None).model_copy(update={"redis_url": "redis://:pw@h:6379/0"})
    settings = settings.model_copy(update={"x_web": settings.x_web.model_copy(
        update={"session_cookies": [SecretStr("c1"), SecretStr("c2")]})})
    values = secret_values(settings)
    assert values == {("x_web", "session_cookies"): '["c1", "c2"]', ("redis_url",): "redis://:pw@h:6379/0"}
    fresh = with_secrets(Settings(data_dir=tmp_path, _env_file=None), {**values, ("github", "token"): "ghp_1"})
    assert [c.get_secret_value() for c in fresh.x_web.session_cookies] == ["c1", "c2"]
    assert fresh.github.token.get_secret_value() == "ghp_1" and fresh.redis_url == "redis://:pw@h:6379/0"
    assert "ghp_1" not in repr(fresh)


def test_an_invalid_block_value_is_one_line_naming_the_block(tmp_path):
    with pytest.raises(ConfigurationError, match="Secret blocks scout-llm-api-key, scout-x-api-base") as raised:
        with_secrets(Settings(data_dir=tmp_path, _env_file=None),
                     {("llm", "api_key"): "k", ("x_api", "base_url"): "ftp://nope"})
    assert "\n" not in str(raised.value)
