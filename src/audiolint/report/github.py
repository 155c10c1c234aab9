"""GitHub Actions workflow commands: each finding becomes an annotation on the run and the PR.

``::error file=PATH,title=TITLE::MESSAGE`` (``::warning``, ``::notice`` for info). Values are
escaped as the Actions runner expects: ``%``, CR and LF in the message; those and ``:`` and
``,`` in properties. Paths are relative to the working directory (the checkout in a workflow);
a dataset-level finding points at the checked folder. Baselined findings become notices, so
old problems stay visible without turning the run red.
"""

from __future__ import annotations

from audiolint.report.common import located, posix, relative
from audiolint.text import printable

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


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


def render(report, stream, root: str | None = None, **_opts) -> None:
    """Write one workflow command per finding."""
    for path, finding, _ in located(report, root):
        stream.write(command(path, finding) + "\n")
