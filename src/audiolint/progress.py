"""A progress bar on standard error, only for a person watching a terminal.

Nothing is drawn when stderr is not a terminal (pipes, files, CI logs, notebook cells), so
logs stay clean.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class _RateColumn(ProgressColumn):
    """Files per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} files/s" if speed else "", style="dim")


def wanted(stream=None) -> bool:
    """True when a progress bar would be seen by a person (a TTY, and not CI)."""
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


@contextmanager
def bar(enabled: bool | None = None):
    """Yield a ``callback(done, total)`` that draws a bar, or does nothing when not wanted."""
    if not (wanted() if enabled is None else enabled):
        yield None
        return
    columns = (
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("check", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update
