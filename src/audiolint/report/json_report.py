"""The JSON report: ``Report.to_dict()`` written as indented JSON (the documented contract)."""

from __future__ import annotations

import json


def render(report, stream, **_opts) -> None:
    """Write the report as JSON."""
    json.dump(report.to_dict(), stream, indent=2)
    stream.write("\n")
