"""Helpers for tests that compare or validate JSON reports.

``untimed`` drops the measured wall times (``elapsed_s``), which differ between two runs of the
same files; ``validate`` checks a report against the JSON Schema shipped in the package.
"""

from __future__ import annotations

import json
from typing import Any

TIMES = frozenset({"elapsed_s"})


def untimed(doc: dict | str) -> dict:
    """A JSON report (a dict, or its JSON text) without its ``elapsed_s`` fields."""
    return _drop(json.loads(doc) if isinstance(doc, str) else doc)


def _drop(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop(v) for k, v in value.items() if k not in TIMES}
    if isinstance(value, list):
        return [_drop(v) for v in value]
    return value
