"""Reporters: one module per output format, each exposing ``render(report, stream, **opts)``."""

from __future__ import annotations

from types import ModuleType

from audiolint.report import json_report, terminal

FORMATS: dict[str, ModuleType] = {
    "terminal": terminal,
    "json": json_report,
}


def get(name: str) -> ModuleType:
    """The reporter module for a format name."""
    return FORMATS[name]
