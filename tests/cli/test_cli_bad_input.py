"""Every command's bad input ends with exactly one line on stderr, nothing on stdout, a non-zero exit.

Run in-process through the same entry as the `scout` script (``run_app``), so the whole audit costs
seconds; ``test_cli_errors.py`` keeps a few of them as real subprocesses.
"""

from __future__ import annotations

import pytest

from scout_core.cli import app
from scout_core.cli.common import run_app


@pytest.fixture
def env(tmp_path, monkeypatch):
    import os

    for name in [n for n in os.environ if n.startswith("SCOUT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no .env file from the checkout
    (tmp_path / "bad.json").write_text('{"a":', encoding="utf-8")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "binary.bin").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "a-dir").mkdir()
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    return tmp_path


BAD_INPUT = [
    # scout fetch: a handle the platform cannot have is refused before anything starts
    ["fetch", "x_api", "bad handle!"],
    ["fetch", "github", "a%00b"],
    ["fetch", "huggingface", "../../etc/passwd"],
    ["fetch", "x_web", "a b"],
    ["fetch", "bogus", "someone"],
    # usage mistakes: one line, not Click's usage block and boxed panel
    ["run", "--limit", "-1"],
    ["run", "--limit", "abc"],
    ["run", "--limit"],
    ["run", "--world-size", "5"],
    ["run", "--format", "xml"],
    ["run", "--bogus"],
    ["nope"],
    ["dlq", "list", "--limit", "0"],
    ["sandbox", "serve", "--port", "99999"],
    ["bench", "identity", "--size", "1"],
    ["bench", "faults", "--scenario", "bogus"],
    # files
    ["export", "--format", "xml"],
    ["export", "--output", "{tmp}/a-dir"],
    ["normalize", "--source", "bogus", "{tmp}/bad.json"],
    ["normalize", "--source", "x_api", "{tmp}/missing.json"],
    ["normalize", "--source", "x_api", "{tmp}/a-dir"],
    ["normalize", "--source", "x_api", "{tmp}/bad.json"],
    ["normalize", "--source", "x_api", "{tmp}/binary.bin"],
    ["normalize", "--source", "x_api", "/dev/null"],
    ["resolve", "{tmp}/missing.json"],
    ["resolve", "{tmp}/a-dir"],
    ["sandbox", "grade", "{tmp}/missing.json"],
    ["sandbox", "grade", "{tmp}/bad.json"],
    ["sandbox", "grade", "{tmp}/list.json"],
    ["sandbox", "truth", "--output", "{tmp}/a-file/truth.json", "--size", "10"],
    # the store and labels
    ["dlq", "replay", "--to", "bogus"],
    ["label", "bad handle!", "--traction", "yes"],
    ["label", "someone", "--traction", "maybe"],
    ["label", "someone", "--traction", "yes"],
]


@pytest.mark.parametrize("args", BAD_INPUT, ids=[" ".join(a) for a in BAD_INPUT])
def test_bad_input_is_one_line(env, capsys, args):
    code = run_app(app, [a.replace("{tmp}", str(env)) for a in args])
    out, err = capsys.readouterr()
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize("variable,value", [
    ("SCOUT_DATA_DIR", "{tmp}/a-file"),
    ("SCOUT_PIPELINE__LIMIT", "lots"),
    ("SCOUT_LOG_LEVEL", "LOUD"),
    ("SCOUT_DATABASE_URL", "postgresql+psycopg2://nobody@127.0.0.1:1/none"),
])
def test_bad_settings_are_one_line(env, capsys, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value.replace("{tmp}", str(env)))
    code = run_app(app, ["export"])
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code != 0 and len(lines) == 1 and out == "", err
    assert variable in lines[0] or "127.0.0.1:1" in lines[0]


def test_a_bad_fetch_handle_names_the_rule(env, capsys):
    assert run_app(app, ["fetch", "x_api", "bad handle!"]) == 2
    assert "invalid x handle 'bad handle!': 1-15 letters, digits or underscores" in capsys.readouterr().err


def test_usage_errors_point_at_the_commands_help(env, capsys):
    assert run_app(app, ["run", "--limit", "-1"]) == 2
    err = capsys.readouterr().err
    assert "--limit" in err and "scout run --help" in err and "╭" not in err


def test_resolve_reads_dev_null_as_empty(env, capsys):
    assert run_app(app, ["resolve", "/dev/null"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_help_shows_defaults_and_choices(env, capsys):
    assert run_app(app, ["run", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "SCOUT_PIPELINE__LIMIT, 100 unless set" in text
    assert "--format <json|csv>" in text and "<bool>" not in text
    assert run_app(app, ["dlq", "list", "--help"]) == 0
    assert "<bool>" not in capsys.readouterr().out


def test_a_group_without_a_command_shows_its_help(env, capsys):
    assert run_app(app, ["dlq"]) == 0
    assert "replay" in capsys.readouterr().out
