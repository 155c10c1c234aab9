"""GitLab Code Quality JSON: a list of issues that merge requests show as a quality widget.

Each issue has the fields GitLab requires: ``description``, ``check_name``, ``fingerprint``
(stable across runs: path, rule and the finding's baseline key, never the measured numbers),
``severity`` (error -> major, warning -> minor, info -> info) and ``location.path`` with
``location.lines.begin`` 1, since audio has no lines. Control and bidi characters in a file
name are shown escaped in the description (as in every report) and written as JSON escapes in
the path, which keeps the real name for GitLab's link: none reaches the file raw.
"""

from __future__ import annotations

import json

from audiolint.report.common import located, posix, relative
from audiolint.text import json_text, printable

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def issues(report, root: str | None = None) -> list[dict]:
    """The Code Quality issues of a report."""
    out = []
    for path, f, fp in located(report, root):
        text = f"{f.rule} {printable(f.message)} [{f.term}]" + (" (baselined)" * f.baselined)
        out.append(
            {
                "description": text,
                "check_name": f"{f.rule} {f.name}",
                "fingerprint": fp,
                "severity": SEVERITY[f.severity],
                "location": {"path": posix(relative(path)), "lines": {"begin": 1}},
            }
        )
    return out


def render(report, stream, root: str | None = None, **_opts) -> None:
    """Write the Code Quality report."""
    stream.write(json_text(json.dumps(issues(report, root), indent=2, ensure_ascii=False)))
    stream.write("\n")
