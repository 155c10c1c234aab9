"""The plain writer prints exactly what rich prints for the same lines and tables (it only
replaces rich where that holds), whatever the words, widths and wrapping."""

from __future__ import annotations

import io
import random

from audiolint.report import console, terminal


def _rich_and_plain(draw) -> tuple[str, str]:
    theirs, ours = io.StringIO(), io.StringIO()
    draw(terminal._Rich(console.make_console(theirs)))
    plain = console.Plain(ours, console.plain_width(ours))
    draw(plain)
    return theirs.getvalue(), ours.getvalue()


def _words(rng: random.Random) -> str:
    sizes = [rng.choice([1, 2, 5, 9, 14, 40, 95, 130]) for _ in range(rng.randint(1, 30))]
    gaps = [rng.choice([" ", " ", "  ", "   "]) for _ in sizes]
    text = "".join(
        rng.choice("abcdefXYZ.,;()[]/-=") * n + g for n, g in zip(sizes, gaps, strict=True)
    )
    return text.rstrip() if rng.random() < 0.7 else text


def test_tables_and_lines_match_rich_bit_for_bit():
    rng = random.Random(7)
    fell_back = 0
    for _ in range(150):
        rows = [
            [
                [("warning", rng.choice(["✖ error", "▲ warning", "● info"]))],
                [("rule", rng.choice(["Q001", "S0042"]))],
                [("", _words(rng))] + [("", " "), ("dim", "(baselined)")] * rng.randint(0, 1),
                [("term", rng.choice(["Bitrate", "Lossy formats", "x" * rng.randint(1, 60)]))],
            ]
            for _ in range(rng.randint(1, 4))
        ]
        line = [("path", _words(rng)[: rng.randint(1, 140)]), ("", "  "), ("dim", "FLAC")]

        def draw(out, rows=rows, line=line):
            out.line(line)
            out.table(rows, terminal.MESSAGE_COLUMN, terminal._table)
            out.line()

        theirs, ours = _rich_and_plain(draw)
        assert ours == theirs
        cells = [["".join(t for _, t in c) for c in row] for row in rows]
        fell_back += console.Plain(io.StringIO(), 100)._layout(cells, 2) is None
    assert fell_back < 50  # most tables took the plain path (the others went through rich)


def test_what_plain_cannot_reproduce_goes_through_rich():
    for text in [
        "a :smile: b",
        "ends in a backslash \\",
        "wide 音声 text",
        "tab\there",
        "音\u0301x",
    ]:
        theirs, ours = _rich_and_plain(lambda out, t=text: out.line([("path", t)]))
        assert ours == theirs


def test_colour_a_terminal_or_forced_colour_is_left_to_rich(monkeypatch):
    assert console.plain_width(io.StringIO()) == 100
    assert console.plain_width(io.StringIO(), color=True) is None
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert console.plain_width(io.StringIO()) is None
    monkeypatch.setenv("NO_COLOR", "1")
    assert console.plain_width(io.StringIO()) == 100


def test_the_reports_symbols_are_one_cell_wide_in_rich():
    from rich.cells import cell_len

    assert all(cell_len(ch) == 1 for ch in console.ONE_CELL)
    assert set("".join(terminal.ICONS.values()) + "✔") <= console.ONE_CELL
