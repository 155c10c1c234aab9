"""A rich Console that reads well in a terminal, a CI log, a pipe and a Colab/Jupyter cell.

``!audiolint ...`` in a notebook runs without a TTY, so rich would fall back to plain 80-column
text; notebooks render ANSI colour fine, so we force colour and a wider page there.
"""

from __future__ import annotations

import os
import re

from rich.console import Console
from rich.markup import escape
from rich.theme import Theme

# C0/C1 control characters and bidirectional overrides: in a file name they could move the
# cursor, recolour or clear the screen, or reorder the text of a report. Lone surrogates and
# the noncharacters U+FFFE/U+FFFF are no text at all (XML 1.0 forbids them).
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\r\n]")

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


def _escaped(match: re.Match) -> str:
    return ascii(match.group())[1:-1]


def printable(text: str, one_line: bool = True) -> str:
    """``text`` with control characters and bidi overrides shown as ``\\x1b``/``\\u202e``;
    line breaks too (as ``\\n``, ``\\r``) when ``one_line``, else left to the format."""
    text = _UNPRINTABLE.sub(_escaped, text)
    return _BREAKS.sub(_escaped, text) if one_line else text


def json_text(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the characters :func:`printable`
    escapes written as ``\\uXXXX`` escapes: the values read back unchanged, but the file holds
    no raw C1 or bidi control (JSON already escapes C0)."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe(text: str) -> str:
    """``text`` ready for ``Console.print``: printable, with rich markup escaped."""
    return escape(printable(text))
