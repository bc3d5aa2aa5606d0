"""What every command shares: the console, settings loading, and one-line errors for user mistakes."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

# Typer (>= 0.29) vendors Click; these two are not re-exported, and nothing else tells a usage mistake
# from a help screen asked for by running a group without a command.
from typer._click.exceptions import NoArgsIsHelpError, UsageError

from scout_core.errors import ConfigurationError, InputError, ScoutError
from scout_core.logs import apply_log_level
from scout_core.settings import Settings

console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 2) -> None:
    # Escaped: messages carry "[handle]" and other brackets that rich would read as markup.
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def run_app(app: typer.Typer, args: list[str] | None = None) -> int:
    """Run the command line and return its exit status.

    A usage mistake (``--limit -1``, an unknown option or command) is one line on stderr naming the
    problem and where help is, exit 2 — the same shape as Scout's own errors — instead of Click's
    usage block and boxed panel.
    """
    try:
        result = app(args=args, prog_name="scout", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        typer.echo(exc.format_message())
        return 0
    except UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "scout"
        message = exc.format_message().replace("Value error, ", "")  # Typer's coercion prefixes pydantic's kind
        err_console.print(f"[bold red]error:[/] {escape(message)} (see `{escape(where)} --help`)",
                          highlight=False, soft_wrap=True)
        return exc.exit_code
    except typer.TyperException as exc:
        err_console.print(f"[bold red]error:[/] {escape(exc.format_message())}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except typer.Abort:
        err_console.print("[bold red]error:[/] aborted", highlight=False)
        return 1
    return result if isinstance(result, int) else 0


def setting_default(env: str, value: object) -> str:
    """What leaving an option out means, for ``--help``: the setting it falls back to, and that one's default."""
    return f"{env}, {value} unless set"


def load() -> Settings:
    """Settings from the environment; a bad value is a one-line error naming the variable."""
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "SCOUT_" + "__".join(str(p) for p in first["loc"]).upper()
        raise ConfigurationError(f"invalid setting {where}: {first['msg']}") from exc
    apply_log_level(settings.log_level)
    return settings


def friendly_errors(func: F) -> F:
    """Scout's own errors end the command with one line and a non-zero exit, no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (InputError, ConfigurationError) as exc:
            fail(str(exc), code=2)
        except ScoutError as exc:
            fail(str(exc), code=1)
        except KeyboardInterrupt:
            fail("interrupted; a new run resumes where this one stopped", code=130)

    return wrapper  # type: ignore[return-value]


def quiet_prefect() -> None:
    """Prefect settings for an interactive run: a patient ephemeral server, no telemetry, quiet logs."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")


def is_tty() -> bool:
    return sys.stdout.isatty()
