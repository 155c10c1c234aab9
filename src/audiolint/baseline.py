"""A baseline: today's findings written to a file, so later runs fail only on new ones.

A finding is matched by (path, rule, key), never by its message, which carries measured numbers
that drift. ``key`` is the rule's own ``data["key"]`` when it gives one, otherwise the
finding's position among that rule's findings on that path: three old ``Q005`` findings on a
file stay baselined, a fourth is new. Paths are stored relative to the baseline file's folder,
so a run from another working directory still matches. Dataset-level findings have path "".
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from audiolint.errors import ConfigError
from audiolint.models import FileReport, Finding, Report

FORMAT = "audiolint-baseline"
VERSION = 1


def keyed(report: Report) -> Iterator[tuple[str, Finding, str]]:
    """(display path or "" for the dataset, finding, stable key) for every finding."""
    for path, findings in [(fr.path, fr.findings) for fr in report.files] + [
        ("", report.dataset_findings)
    ]:
        seen: Counter = Counter()
        for f in findings:
            own = f.data.get("key") if isinstance(f.data, dict) else None
            key = str(own) if own is not None else str(seen[f.rule])
            seen[f.rule] += 1
            yield path, f, key


def fingerprint(path: str, finding: Finding, key: str) -> str:
    """A short stable hash of a finding's identity (for GitLab, SARIF and the baseline)."""
    text = "\0".join((path, finding.rule, key))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _relative(path: str, folder: Path) -> str:
    if not path:
        return ""
    try:
        return Path(os.path.relpath(os.path.abspath(path), folder)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def entries(report: Report, folder: Path) -> list[dict]:
    """The baseline records for a report, paths relative to ``folder``."""
    return [
        {"path": _relative(path, folder), "rule": f.rule, "key": key, "message": f.message}
        for path, f, key in keyed(report)
    ]


def write(report: Report, file: str | Path) -> int:
    """Record every finding of ``report`` in ``file``; returns how many."""
    file = Path(file)
    records = entries(report, file.absolute().parent)
    doc = {"format": FORMAT, "version": VERSION, "findings": records}
    try:
        file.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"--baseline: cannot write {file}: {exc.strerror or exc}") from None
    return len(records)


def read(file: str | Path) -> set[tuple[str, str, str]]:
    """The (path, rule, key) identities recorded in a baseline file."""
    try:
        doc = json.loads(Path(file).read_text(encoding="utf-8"))
        if doc.get("format") != FORMAT:
            raise ValueError("not an audiolint baseline")
        return {(r["path"], r["rule"], str(r["key"])) for r in doc["findings"]}
    except OSError as exc:
        raise ConfigError(f"--baseline: cannot read {file}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"--baseline: {file} is not an audiolint baseline ({exc})") from None


def apply(report: Report, file: str | Path) -> Report:
    """A copy of ``report`` with the findings recorded in ``file`` marked ``baselined``."""
    known = read(file)
    folder = Path(file).absolute().parent
    marked = {
        id(f) for path, f, key in keyed(report) if (_relative(path, folder), f.rule, key) in known
    }

    def mark(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        return tuple(
            dataclasses.replace(f, baselined=True) if id(f) in marked else f for f in findings
        )

    files: tuple[FileReport, ...] = tuple(
        dataclasses.replace(fr, findings=mark(fr.findings)) for fr in report.files
    )
    return dataclasses.replace(report, files=files, dataset_findings=mark(report.dataset_findings))
