"""GitHub Actions workflow commands: each finding becomes an annotation on the run and the PR.

``::error file=PATH,title=TITLE::MESSAGE`` (``::warning``, ``::notice`` for info). Values are
escaped as the Actions runner expects: ``%``, CR and LF in the message; those and ``:`` and
``,`` in properties. Paths are relative to the working directory (the checkout in a workflow);
a dataset-level finding points at the checked folder. Baselined findings become notices, so
old problems stay visible without turning the run red.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and drops the
rest without a word. So at most :data:`PER_LEVEL` findings of each level become annotations
(errors and warnings in file order; a notice's slot goes to the count of the rest); the
others are listed as plain lines in a collapsed ``::group::`` of the log, never lost.
"""

from __future__ import annotations

from collections import Counter

from audiolint.report.common import left_out, located, posix, relative
from audiolint.text import printable

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
PER_LEVEL = 10  # annotations GitHub shows per level and step


def escape_data(text: str) -> str:
    """Escape a command's message (control characters as ``\\x1b``, see ``printable``)."""
    return (
        printable(text, one_line=False)
        .replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
    )


def escape_property(text: str) -> str:
    """Escape a command property value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(path: str, finding) -> str:
    """The workflow command for one finding."""
    level = "notice" if finding.baselined else LEVELS[finding.severity]
    title = f"{finding.rule} {finding.name} ({finding.term})"
    if finding.baselined:
        title = f"baselined {finding.severity}: {title}"
    props = f"file={escape_property(posix(relative(path)))},title={escape_property(title)}"
    return f"::{level} {props}::{escape_data(finding.message)}"


def _level(finding) -> str:
    return "notice" if finding.baselined else LEVELS[finding.severity]


def plain(path: str, finding) -> str:
    """A finding as one log line that is not a workflow command (it starts with the rule)."""
    text = f"{finding.rule} {finding.severity} {posix(relative(path))}: {finding.message}"
    return "  " + printable(text)


def render(report, stream, root: str | None = None, per_level: int = PER_LEVEL, **_opts) -> None:
    """Write one workflow command per finding, at most ``per_level`` of each level; the rest,
    if any, as a notice with their count and plain lines in a collapsed group."""
    found = list(located(report, root))
    per = Counter(_level(f) for _, f, _ in found)
    room = dict.fromkeys(("error", "warning", "notice"), per_level)
    if any(n > per_level for n in per.values()):
        room["notice"] -= 1  # for the notice that counts the rest
    annotated, rest = [], []
    for path, finding, _ in found:
        level = _level(finding)
        (annotated if room[level] > 0 else rest).append((path, finding))
        room[level] -= 1
    for path, finding in annotated:
        stream.write(command(path, finding) + "\n")
    if rest:
        _rest(rest, per_level, stream)


def _rest(rest, per_level: int, stream) -> None:
    """The notice counting the findings left unannotated, and their plain lines."""
    title = f"audiolint: {len(rest):,} more findings in the log"
    message = (
        f"Not annotated: {left_out(f for _, f in rest)} (GitHub shows {per_level} annotations "
        f'of each level per step). They are listed in the log, under "{title}"; '
        "--format sarif puts every finding in code scanning."
    )
    stream.write(f"::notice title={escape_property(title)}::{escape_data(message)}\n")
    stream.write(f"::group::{escape_data(title)}\n")
    for path, finding in rest:
        stream.write(plain(path, finding) + "\n")
    stream.write("::endgroup::\n")
