"""What the command line's commands share: lazily imported modules, the report's output
stream, the exit code from a report, and the options several commands take.

Light at import, like :mod:`audiolint.cli`: ``--version`` and ``--help`` start without numpy,
soundfile, rich or the analysers (issue 14).
"""

from __future__ import annotations

import importlib
import sys
from contextlib import contextmanager

import click

from audiolint.config import FORMAT_NAMES
from audiolint.models import SEVERITY_RANK


class _Lazy:
    """A module imported on first attribute access: ``--version`` and ``--help`` start without
    numpy, soundfile, rich or the analysers (issue 14)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        return getattr(importlib.import_module(self._name), attr)


baseline = _Lazy("audiolint.baseline")
configfile = _Lazy("audiolint.configfile")
discover = _Lazy("audiolint.discover")
outputs = _Lazy("audiolint.outputs")
pipeline = _Lazy("audiolint.pipeline")
progress = _Lazy("audiolint.progress")
report = _Lazy("audiolint.report")
common = _Lazy("audiolint.report.common")
explain_view = _Lazy("audiolint.report.explain_view")
console = _Lazy("audiolint.report.console")


@contextmanager
def open_output(path):
    """Standard output for no path or ``-``, else the file at ``path`` (UTF-8, ``\\n``)."""
    if path in (None, "-"):
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            yield fh


def exit_code(rep, fail_on: str) -> int:
    """1 when the report (or stream tail) has a finding at or above ``fail_on``, else 0."""
    if fail_on == "never":
        return 0
    worst = rep.worst()
    return 1 if worst and SEVERITY_RANK[worst] >= SEVERITY_RANK[fail_on] else 0


def echo_missing(rep_paths) -> None:
    """One line on standard error for each path given that does not exist."""
    for p in rep_paths:
        click.echo(f"audiolint: no such file or directory: {pipeline.display_path(p)}", err=True)


format_option = click.option(
    "--format",
    "fmt",
    default="terminal",
    show_default=True,
    type=click.Choice(sorted(FORMAT_NAMES)),
    help="Output format.",
)
output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)


color_option = click.option(
    "--color/--no-color", default=None, help="Force colour on or off (default: only on a terminal)."
)
