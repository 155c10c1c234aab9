"""A script using audiolint's public API as a user would write it; tests/test_api.py checks it
with ``mypy --strict`` (issue 14: the package ships ``py.typed`` and annotated signatures)."""

from __future__ import annotations

import sys
from pathlib import Path

import audiolint
from audiolint.config import Config
from audiolint.errors import ConfigError
from audiolint.models import FileReport, Finding, Report


def errors_in(folder: Path) -> list[Finding]:
    """Every error in a folder, its dataset findings included."""
    report: Report = audiolint.check([folder], target_rate=48000, ignore="Q001")
    return [f for f in report.all_findings() if f.severity == "error"]


def rate_of(path: str) -> int | None:
    """A file's sample rate as its headers give it."""
    fr: FileReport = audiolint.inspect(path, Config(), analyse=False)
    return fr.properties.sample_rate if fr.properties is not None else None


def main(argv: list[str]) -> int:
    try:
        found = errors_in(Path(argv[0]))
    except (ConfigError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 2
    for finding in found:
        print(finding.rule, finding.message)
    print(audiolint.__version__, rate_of(argv[1]) if argv[1:] else None)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
