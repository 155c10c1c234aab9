"""A rich Console that reads well in a terminal, a CI log, a pipe and a Colab/Jupyter cell,
and a plain writer that prints the same characters without rich where that is exact.

``!audiolint ...`` in a notebook runs without a TTY, so rich would fall back to plain 80-column
text; notebooks render ANSI colour fine, so we force colour and a wider page there.
``printable`` and ``json_text`` live in :mod:`audiolint.text` (re-exported here).

Text reaches the writers as lines of (style, text) pieces. Without colour, on a pipe or file
(100 columns), rich's output is the text itself, word-wrapped: :class:`Plain` lays out the
report's tables and lines the way rich does and writes them directly (rich's table layout
costs about 1 ms a file: most of a ``--quick`` run over a few hundred files). Anything it
cannot reproduce exactly (wide or combining characters, ``:emoji:`` codes, backslashes, an
over-long line, a table that does not fit) goes to a rich console instead.
"""

from __future__ import annotations

import os
import re

from audiolint.text import json_text, printable

__all__ = ["Plain", "in_notebook", "json_text", "make_console", "plain_width", "printable", "safe"]

STYLES = {
    "error": "bold red",
    "warning": "yellow",
    "info": "cyan",
    "ok": "green",
    "path": "bold",
    "rule": "magenta",
    "term": "blue",
    "dim": "dim",
}
PIPE_WIDTH = 100
# The report's own symbols, one cell wide in rich (tested): no need to import rich to know.
ONE_CELL = frozenset("✖▲●✔")
# rich replaces ":name:" with an emoji; a backslash before markup is escaped twice.
_NOT_PLAIN = re.compile(r":\S*:|[\\\t\n\r]")
_WORD = re.compile(r"\s*\S+\s*")


def in_notebook() -> bool:
    """True inside a Colab or Jupyter kernel's shell escape."""
    return "COLAB_RELEASE_TAG" in os.environ or "JPY_PARENT_PID" in os.environ


def _isatty(stream) -> bool:
    try:
        return bool(getattr(stream, "isatty", lambda: False)())
    except ValueError:  # a closed stream
        return False


def make_console(stream, color: bool | None = None):
    """A rich Console writing to ``stream``; ``color`` None means decide from the environment."""
    from rich.console import Console
    from rich.theme import Theme

    if color is None and in_notebook():
        return Console(
            file=stream,
            theme=Theme(STYLES),
            force_terminal=True,
            width=120,
            force_jupyter=False,
            highlight=False,
        )
    if os.environ.get("NO_COLOR"):
        color = False
    return Console(
        file=stream,
        theme=Theme(STYLES),
        highlight=False,
        force_jupyter=False,
        force_terminal=color,
        no_color=color is False,
        soft_wrap=False,
        width=None if _isatty(stream) else PIPE_WIDTH,
    )


def plain_width(stream, color: bool | None = None) -> int | None:
    """The page width when :func:`make_console` would write no colour or other escape at a
    fixed width (a pipe or file, colour off or undecided): then :class:`Plain` is exact."""
    if color or os.name == "nt" or _isatty(stream):  # Windows consoles: rich's own width rules
        return None
    if color is None and not os.environ.get("NO_COLOR"):
        env = os.environ
        if in_notebook() or "FORCE_COLOR" in env or "TTY_COMPATIBLE" in env:
            return None
    return PIPE_WIDTH


def safe(text: str) -> str:
    """``text`` ready for ``Console.print``: printable, with rich markup escaped."""
    from rich.markup import escape

    return escape(printable(text))


def markup(pieces) -> str:
    """Rich markup for a line of (style, text) pieces."""
    from rich.markup import escape

    return "".join(f"[{s}]{escape(t)}[/]" if s else escape(t) for s, t in pieces)


def _plain(text: str) -> bool:
    """True when rich prints ``text`` as it is, one cell a character (each of them: a wide
    character and a combining one would add up to the right total)."""
    if _NOT_PLAIN.search(text):
        return False
    if text.isascii() or all(ch.isascii() or ch in ONE_CELL for ch in text):
        return True
    from rich.cells import cell_len  # importing rich costs ~8 ms

    return all(ch.isascii() or cell_len(ch) == 1 for ch in text)  # a wide one + a zero-width


def _wrap(text: str, width: int) -> list[str]:
    """rich's word wrap with ``overflow="fold"`` for one-cell characters (rich._wrap), each line
    then cut to ``width`` (only spaces go) and padded to it (a left-justified table cell)."""
    breaks, offset = [], 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # folded across lines, ``width`` characters each
            chunks = [word[i : i + width] for i in range(0, len(word), width)]
            for chunk in chunks[:-1]:
                if start:
                    breaks.append(start)
                start += len(chunk)
            if start:
                breaks.append(start)
            offset = len(chunks[-1])
        elif offset:
            breaks.append(start)
            offset = len(word)
    lines = [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]
    return [line[:width].ljust(width) for line in lines]


class Plain:
    """Writes lines and four-column tables as :func:`make_console` lays them out, without rich,
    falling back to a rich console (made once, on the same stream) for anything else."""

    def __init__(self, stream, width: int, color: bool | None = None):
        self.stream, self.width, self.color = stream, width, color
        self._rich = None

    def rich(self):
        """The rich console for what the plain writer cannot reproduce."""
        if self._rich is None:
            self.stream.flush()
            self._rich = make_console(self.stream, self.color)
        return self._rich

    def line(self, pieces=()) -> None:
        """One line of (style, text) pieces."""
        text = "".join(t for _, t in pieces)
        if len(text) <= self.width and _plain(text):
            self.stream.write(text + "\n")
        else:
            self.rich().print(markup(pieces))

    def table(self, rows, wrap_column: int, make_table) -> None:
        """Rows of cells (each a list of pieces), one column wrapping, the rest not; as a rich
        ``Table(box=None, padding=(0, 1), pad_edge=False)`` lays them out."""
        cells = [["".join(t for _, t in cell) for cell in row] for row in rows]
        lines = self._layout(cells, wrap_column)
        if lines is None:
            self.rich().print(make_table(rows))
        else:
            self.stream.write("".join(line + "\n" for line in lines))

    def _layout(self, cells: list[list[str]], wrap_column: int) -> list[str] | None:
        if not cells or not all(c and _plain(c) for row in cells for c in row):
            return None
        last = len(cells[0]) - 1
        pads = [(0 if i == 0 else 1, 0 if i == last else 1) for i in range(last + 1)]
        widths = [max(len(row[i]) for row in cells) + sum(pads[i]) for i in range(last + 1)]
        excess = sum(widths) - self.width
        if excess > 0:  # rich narrows the one wrapping column by the excess
            widths[wrap_column] -= excess
        if max(widths) > self.width or widths[wrap_column] - sum(pads[wrap_column]) < 8:
            return None
        out = []
        for row in cells:
            columns = []
            for i, text in enumerate(row):
                inner = widths[i] - sum(pads[i])
                wrapped = _wrap(text, inner) if i == wrap_column else [text.ljust(inner)]
                left, right = " " * pads[i][0], " " * pads[i][1]
                columns.append([left + line + right for line in wrapped])
            height = max(len(c) for c in columns)
            for i, column in enumerate(columns):
                column += [" " * widths[i]] * (height - len(column))
            out.extend("".join(parts) for parts in zip(*columns, strict=True))
        return out
