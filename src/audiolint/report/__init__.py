"""Reporters: one module per output format, each exposing ``render(report, stream, **opts)``.

Options the CLI passes to every reporter (each takes what it needs and ignores the rest):
``color``, ``verbose``, ``config`` (the run's Config), ``root`` (where dataset-level findings
point: the first checked path) and ``baseline`` (True when a baseline file was applied).
"""

from __future__ import annotations

from types import ModuleType

from audiolint.report import (
    concise,
    github,
    gitlab,
    html_report,
    json_report,
    jsonl,
    junit,
    markdown,
    sarif,
    terminal,
)

FORMATS: dict[str, ModuleType] = {
    "terminal": terminal,
    "concise": concise,
    "json": json_report,
    "sarif": sarif,
    "junit": junit,
    "github": github,
    "gitlab": gitlab,
    "markdown": markdown,
    "html": html_report,
    "jsonl": jsonl,
}


def get(name: str) -> ModuleType:
    """The reporter module for a format name."""
    return FORMATS[name]
