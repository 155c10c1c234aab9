"""The hostile corpus's JSON report (odd names, broken, absurd and special files) is strict
JSON and validates against the shipped schema."""

from __future__ import annotations

import json

import pytest

from audiolint.report import json_report


def test_corpus_report_validates(corpus):
    jsonschema = pytest.importorskip("jsonschema")
    _, _, report, _ = corpus

    def reject(name):
        raise AssertionError(f"{name} in the JSON report")

    text = json.dumps(report.to_dict())
    doc = json.loads(text, parse_constant=reject)
    jsonschema.Draft202012Validator(json_report.schema()).validate(doc)
    assert len(doc["files"]) > 100
