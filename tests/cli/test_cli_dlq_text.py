"""`scout dlq list` shows each error whole and as written: brackets are text, not Rich markup."""

from __future__ import annotations

import os

import pytest

from scout_core.cli import app, common
from scout_core.cli.common import run_app

ERROR = ("x_web [ada_ai]: page markup changed? [stealth] check failed; [bold]not bold[/bold] "
         + "the rest of a long error that used to be cut at 120 characters " * 4 + "END")


@pytest.fixture
def filed(tmp_path, monkeypatch):
    from scout_core.runtime import open_repository
    from scout_core.settings import Settings

    for name in [n for n in os.environ if n.startswith("SCOUT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    repo = open_repository(Settings(data_dir=tmp_path / "data", _env_file=None))
    repo.add_dead_letter("x:ada_ai", "x", "ada_ai", ERROR, error_kind="ParseError",
                         suggested_action="fix the [x_web] parser, then `scout dlq replay`")
    monkeypatch.setattr(common.console, "width", 2000)  # one line per row: the cell can be read back whole


def test_the_table_shows_bracketed_text_and_the_whole_error(filed, capsys):
    assert run_app(app, ["dlq", "list"]) == 0
    out = capsys.readouterr().out
    assert f"ParseError: {ERROR}" in out
    assert "fix the [x_web] parser" in out


def test_json_is_the_only_thing_on_stdout(filed, capsys):
    import json

    assert run_app(app, ["dlq", "list", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)[0]["error"] == ERROR and err == ""
