"""One settings object: env prefix SCOUT_, nested delimiter __, sandbox when no credentials."""

import pytest
from pydantic import ValidationError

from scout_core.sandbox.wiring import PREFIXES, point_settings_at
from scout_core.settings import Settings


def test_defaults_point_at_real_services_and_want_the_sandbox(tmp_path):
    s = Settings(data_dir=tmp_path, _env_file=None)
    assert s.x_api.base_url == "https://api.x.com"
    assert s.github.base_url == "https://api.github.com"
    assert s.resolved_database_url == f"sqlite:///{(tmp_path / 'scout.db').resolve()}"
    assert s.wants_sandbox()


def test_nested_env_vars_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("SCOUT_X_API__BASE_URL", "http://127.0.0.1:9/x/")
    monkeypatch.setenv("SCOUT_X_API__BEARER_TOKEN", "secret-token")
    monkeypatch.setenv("SCOUT_PIPELINE__LIMIT", "7")
    s = Settings(data_dir=tmp_path, _env_file=None)
    assert s.x_api.base_url == "http://127.0.0.1:9/x"
    assert s.x_api.bearer_token.get_secret_value() == "secret-token"
    assert "secret-token" not in repr(s)
    assert s.pipeline.limit == 7
    assert not s.wants_sandbox()


def test_bad_values_are_rejected(monkeypatch):
    monkeypatch.setenv("SCOUT_PIPELINE__LIMIT", "-1")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)
    monkeypatch.delenv("SCOUT_PIPELINE__LIMIT")
    monkeypatch.setenv("SCOUT_GITHUB__BASE_URL", "ftp://nope")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_point_settings_at_sandbox_sets_every_source(tmp_path):
    s = point_settings_at(Settings(data_dir=tmp_path, _env_file=None), "http://127.0.0.1:5555/")
    for name, prefix in PREFIXES.items():
        assert s.source(name).base_url == "http://127.0.0.1:5555" + prefix
        assert s.source(name).credential() is not None
    assert len(s.x_web.session_cookies) == 3


def test_prefect_can_visit_the_settings_it_carries_in_task_inputs(tmp_path):
    from prefect.utilities.collections import visit_collection

    from scout_core.settings import Settings

    settings = Settings(data_dir=tmp_path, _env_file=None, api={"keys": '{"k": "read"}'})
    visit_collection(settings, lambda x: x, return_data=False)  # a field named `keys` broke dict(model)
    assert settings.api.access_keys is not None
