"""Finding Chromium: the setting, then Debian's binary, then Playwright's own download."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from scout_core.enrich.chromium import LAUNCH_ARGS, find_chromium
from scout_core.errors import ConfigurationError
from scout_core.settings import DEBIAN_CHROMIUM, Settings


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def with_browser_path(settings: Settings, path: str | None) -> Settings:
    return settings.model_copy(update={"x_web": settings.x_web.model_copy(update={"browser_path": path})})


def test_setting_wins_when_it_exists(settings: Settings, tmp_path: Path) -> None:
    chrome = executable(tmp_path / "my-chrome")
    assert find_chromium(with_browser_path(settings, str(chrome))) == str(chrome)


@pytest.mark.skipif(not Path(DEBIAN_CHROMIUM).exists(), reason="Debian chromium not installed")
def test_missing_setting_falls_back_to_debian(settings: Settings, tmp_path: Path) -> None:
    assert find_chromium(with_browser_path(settings, str(tmp_path / "gone"))) == DEBIAN_CHROMIUM


def test_playwright_download_then_a_clear_error(settings: Settings, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    missing = str(tmp_path / "gone")
    monkeypatch.setattr(Settings, "browser_candidates", lambda self: [missing])
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "pw"))
    with pytest.raises(ConfigurationError) as caught:
        find_chromium(settings)
    message = str(caught.value)
    assert missing in message and "apt-get install chromium" in message
    assert "python -m playwright install chromium" in message
    bundled = executable(tmp_path / "pw" / "chromium-1200" / "chrome-linux64" / "chrome")
    assert find_chromium(settings) == str(bundled)


def test_launch_args_fit_a_container_without_internet() -> None:
    for arg in ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"):
        assert arg in LAUNCH_ARGS
