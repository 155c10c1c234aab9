"""A rich Console that reads well in a terminal, a CI log, a pipe and a Colab/Jupyter cell.

``!audiolint ...`` in a notebook runs without a TTY, so rich would fall back to plain 80-column
text; notebooks render ANSI colour fine, so we force colour and a wider page there.
"""

from __future__ import annotations

import os

from rich.console import Console
from rich.theme import Theme

THEME = Theme(
    {
        "error": "bold red",
        "warning": "yellow",
        "info": "cyan",
        "ok": "green",
        "path": "bold",
        "rule": "magenta",
        "term": "blue",
        "dim": "dim",
    }
)


def in_notebook() -> bool:
    """True inside a Colab or Jupyter kernel's shell escape."""
    return "COLAB_RELEASE_TAG" in os.environ or "JPY_PARENT_PID" in os.environ


def make_console(stream, color: bool | None = None) -> Console:
    """A console writing to ``stream``; ``color`` None means decide from the environment."""
    if color is None and in_notebook():
        return Console(
            file=stream,
            theme=THEME,
            force_terminal=True,
            width=120,
            force_jupyter=False,
            highlight=False,
        )
    if os.environ.get("NO_COLOR"):
        color = False
    return Console(
        file=stream,
        theme=THEME,
        highlight=False,
        force_jupyter=False,
        force_terminal=color,
        no_color=color is False,
        soft_wrap=False,
        width=None if getattr(stream, "isatty", lambda: False)() else 100,
    )
