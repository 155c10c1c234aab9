"""The concise report: one line per finding, ``path: RULE severity message``, for grep and editors.

Dataset-level findings use the checked folder as their path. A baselined finding ends with
`` (baselined)``. Nothing else is printed, so an empty output means nothing was found.
"""

from __future__ import annotations

from audiolint.report.common import located
from audiolint.text import printable


def line(path: str, finding) -> str:
    """One finding as a single line: newlines in the message folded to spaces, in the path
    shown as ``\\n``."""
    message = " ".join(finding.message.split())
    tail = " (baselined)" if finding.baselined else ""
    path = printable(path)  # a line break, ESC or bidi override in a name: shown as \n, \x1b
    return f"{path}: {finding.rule} {finding.severity} {message}{tail}"


def render(report, stream, root: str | None = None, **_opts) -> None:
    """Write one line per finding."""
    for path, finding, _ in located(report, root):
        stream.write(line(path, finding) + "\n")
