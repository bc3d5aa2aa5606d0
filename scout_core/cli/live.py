"""A live progress display for runs, fed by scout_core.progress."""

from __future__ import annotations

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from scout_core.cli.common import console


class LiveReporter:
    """One progress bar per stage; a stage without a known total shows a running count."""

    def __init__(self) -> None:
        self.bars = Progress(SpinnerColumn(), TextColumn("{task.description:<10}"), BarColumn(),
                             MofNCompleteColumn(), TextColumn("{task.fields[note]}"), TimeElapsedColumn(),
                             console=console, transient=False)
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> LiveReporter:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()

    def stage(self, name: str, total: int | None = None) -> None:
        if name in self.tasks:
            self.bars.update(self.tasks[name], total=total)
        else:
            self.tasks[name] = self.bars.add_task(name, total=total, note="")

    def advance(self, name: str, step: int = 1, note: str | None = None) -> None:
        if name not in self.tasks:
            self.stage(name)
        self.bars.update(self.tasks[name], advance=step, note=note or "")
