"""Reporters: one module per output format, each exposing ``render(report, stream, **opts)``.

Options the CLI passes to every reporter (each takes what it needs and ignores the rest):
``color``, ``verbose``, ``config`` (the run's Config), ``root`` (where dataset-level findings
point: the first checked path) and ``baseline`` (True when a baseline file was applied).
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Format name -> reporter module (under audiolint.report), imported when that format is asked
# for: a run pays for its own reporter only (the HTML one alone imports ~20 ms of code).
FORMATS: dict[str, str] = {
    "terminal": "terminal",
    "concise": "concise",
    "json": "json_report",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
    "markdown": "markdown",
    "html": "html_report",
    "jsonl": "jsonl",
}


def get(name: str) -> ModuleType:
    """The reporter module for a format name."""
    return importlib.import_module(f"audiolint.report.{FORMATS[name]}")
