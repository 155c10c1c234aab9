"""Helpers the CI reporters share: where a finding is, relative URIs, levels, statistics.

Audio has no lines, so every CI format points at a file; a dataset-level finding points at the
checked root folder (``root``, passed by the CLI as the first path argument), or, when a
reporter is called without one, at the deepest folder holding every checked file.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from audiolint.baseline import fingerprint, keyed
from audiolint.models import SEVERITY_RANK, Finding, Report

# Formats whose standard output a program reads; --statistics goes to stderr for them.
MACHINE = frozenset({"json", "sarif", "junit", "github", "gitlab", "markdown", "html"})


def dataset_location(report: Report, root: str | None = None) -> str:
    """The path a dataset-level finding is attached to."""
    if root:
        return root
    parents = [os.path.dirname(fr.path) or "." for fr in report.files]
    if not parents:
        return "."
    try:
        return os.path.commonpath(parents) or "."
    except ValueError:  # absolute and relative paths mixed
        return "."


def posix(path: str) -> str:
    """A path with forward slashes and without a leading ``./``."""
    text = Path(path).as_posix()
    return str(PurePosixPath(text)) if text not in ("", ".") else "."


def relative(path: str) -> str:
    """``path`` relative to the working directory when it lies under it, else unchanged."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return path
        if rel != ".." and not rel.startswith("../") and not rel.startswith("..\\"):
            return rel
    return path


def uri(path: str) -> str:
    """A URI reference for a path: relative and percent-encoded, or ``file://`` when absolute."""
    path = relative(path)
    text = posix(path)
    if os.path.isabs(path):
        return "file://" + quote(text if text.startswith("/") else "/" + text)
    return quote(text)


def located(report: Report, root: str | None = None) -> Iterator[tuple[str, Finding, str]]:
    """(location path, finding, fingerprint) for every finding, dataset ones at ``root``."""
    where = dataset_location(report, root)
    for path, f, key in keyed(report):
        yield (path or where), f, fingerprint(path, f, key)


def worst_first(found: list[tuple[str, Finding, str]]) -> list[tuple[str, Finding, str]]:
    """``located`` entries ordered for a capped report: errors, then warnings, then info, those
    in the baseline after the rest; in file order within each."""

    def rank(entry):
        f = entry[1]
        return (f.baselined, -SEVERITY_RANK[f.severity])

    return sorted(found, key=rank)


def left_out(findings) -> str:
    """Counts of findings by severity, as "3 errors, 1 warning and 2 info"."""
    c = Counter(f.severity for f in findings)
    parts = [
        f"{c[s]:,} {s}{'s' if c[s] != 1 and s != 'info' else ''}"
        for s in ("error", "warning", "info")
        if c[s]
    ]
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def fails(finding: Finding, fail_on: str) -> bool:
    """True when this finding makes the run fail under ``--fail-on``."""
    if fail_on == "never" or finding.baselined:
        return False
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[fail_on]


def statistics(report: Report) -> list[tuple[int, str, str, str]]:
    """(count, rule ID, rule name, severity) per rule and severity, most frequent first."""
    c = Counter((f.rule, f.name, f.severity) for f in report.all_findings())
    rows = [(n, rule, name, sev) for (rule, name, sev), n in c.items()]
    return sorted(rows, key=lambda r: (-r[0], r[1], -SEVERITY_RANK[r[3]]))


def write_statistics(report: Report, stream) -> None:
    """Print ``--statistics``: one line per rule, like ``   3  Q003  low-sample-rate  error``."""
    rows = statistics(report)
    if not rows:
        stream.write("No findings.\n")
        return
    width = len(str(rows[0][0]))
    name_w = max(len(r[2]) for r in rows)
    for n, rule, name, sev in rows:
        stream.write(f"{n:>{width}}  {rule}  {name:<{name_w}}  {sev}\n")
    base = report.counts()["baselined"]
    total = sum(r[0] for r in rows)
    stream.write(f"{total} findings" + (f" ({base} baselined)" if base else "") + "\n")
