"""SARIF 2.1.0: the static-analysis format GitHub code scanning and many IDEs read.

One run; every rule in ``tool.driver.rules`` with its summary, full description and the
glossary definition of its term as ``help`` and its documentation page as ``helpUri``
(:mod:`audiolint.report.rule_docs`). Each result points at its file by a relative,
percent-encoded URI against ``%SRCROOT%`` (the working directory); audio has no lines, so the
region is line 1. Findings in the baseline carry ``baselineState: "unchanged"``, others "new".
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from audiolint import glossary, rules
from audiolint.report import rule_docs
from audiolint.report.common import located, uri

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def rule_descriptor(rule) -> dict:
    """The ``reportingDescriptor`` for one rule."""
    summary, rest = rules.describe(rule)
    term = glossary.load().lookup(rule.TERM)
    help_text = f"{rule.TERM}: {term.definition}" if term else rule.TERM
    if term and term.why:
        help_text += f" Why it matters: {term.why}"
    return {
        "id": rule.ID,
        "name": rule.NAME,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": f"{summary} {rest}".strip()},
        "help": {"text": help_text},
        "helpUri": rule_docs.url(rule),
        "defaultConfiguration": {"level": LEVELS[rule.SEVERITY]},
        "properties": {"term": rule.TERM, "scope": rule.SCOPE},
    }


def _location(path: str) -> dict:
    ref = uri(path)
    artifact = {"uri": ref} if ref.startswith("file:") else {"uri": ref, "uriBaseId": "%SRCROOT%"}
    return {"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": 1}}}


def document(report, root: str | None = None, baseline: bool = False) -> dict:
    """The SARIF log as a dict."""
    index = {r.ID: i for i, r in enumerate(rules.ALL)}
    results = []
    for path, f, fp in located(report, root):
        result = {
            "ruleId": f.rule,
            "level": LEVELS[f.severity],
            "message": {"text": f"{f.message} [{f.term}]"},
            "locations": [_location(path)],
            "partialFingerprints": {"audiolintFinding/v1": fp},
            "properties": {"term": f.term, "severity": f.severity, "data": f.data},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if baseline or f.baselined:
            result["baselineState"] = "unchanged" if f.baselined else "new"
        results.append(result)
    cwd = Path(os.getcwd()).as_uri().rstrip("/") + "/"
    run = {
        "tool": {
            "driver": {
                "name": "audiolint",
                "version": report.tool_version or "0",
                "informationUri": rule_docs.PROJECT_URL,
                "rules": [rule_descriptor(r) for r in rules.ALL],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": cwd}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report, stream, root: str | None = None, baseline: bool = False, **_opts) -> None:
    """Write the SARIF log."""
    json.dump(document(report, root, baseline), stream, indent=2, default=str)
    stream.write("\n")
