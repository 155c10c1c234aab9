"""A rich Console that reads well in a terminal, a CI log, a pipe and a Colab/Jupyter cell.

``!audiolint ...`` in a notebook runs without a TTY, so rich would fall back to plain 80-column
text; notebooks render ANSI colour fine, so we force colour and a wider page there.
``printable`` and ``json_text`` live in :mod:`audiolint.text` (re-exported here).
"""

from __future__ import annotations

import os

from rich.console import Console
from rich.markup import escape
from rich.theme import Theme

from audiolint.text import json_text, printable

__all__ = ["in_notebook", "json_text", "make_console", "printable", "safe"]

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


def safe(text: str) -> str:
    """``text`` ready for ``Console.print``: printable, with rich markup escaped."""
    return escape(printable(text))
