"""The README documents every setting (its table is generated from the settings object)."""

from pathlib import Path

from deployments.settings_table import rows

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [env for env, _, _ in rows() if f"`{env}`" not in text]
    assert not missing, f"regenerate with `python -m deployments.settings_table`: {missing}"


def test_readme_starts_with_the_two_commands():
    head = README.read_text(encoding="utf-8").split("## ", 1)[0]
    assert "make run" in head and "make test" in head
