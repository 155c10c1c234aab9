"""JSON Lines (``--format jsonl``): one record per file, written as the file is done, then one
record for the dataset, so that 100,000 files never build one document.

Every line but the last is one file's entry exactly as in the JSON report's ``files`` list,
holding the findings of the file rules. The last line holds the JSON report's other keys
(``tool``, ``dataset``, ``summary``, ``skipped``...) and ``file_findings``: the dataset rules'
findings that concern one file (a duplicate, an odd name), as ``{"path", "findings"}`` in file
order. Appending those to the record with that path (the first one, if two share it) gives the
JSON report's entry; ``summary`` counts every finding of the run, as in the JSON report.
"""

from __future__ import annotations

import dataclasses
import json
from itertools import groupby

from audiolint.models import FileReport, Finding, Report


def _line(record: dict, stream) -> None:
    stream.write(json.dumps(record))  # ASCII, as the JSON report: no raw control characters
    stream.write("\n")


def file_record(fr: FileReport, dataset_rules=frozenset()) -> dict:
    """The JSON report's entry for one file, without the findings of ``dataset_rules``."""
    doc = fr.to_dict()
    if dataset_rules:
        doc["findings"] = [f.to_dict() for f in fr.findings if f.rule not in dataset_rules]
    return doc


def tail_record(report: Report, counts: dict, attached: list[tuple[str, list[Finding]]]) -> dict:
    """The last line: ``report`` (whose files are not used) with the run's ``counts`` and the
    dataset findings ``attached`` to files, as ``(path, findings)`` in file order."""
    doc = dataclasses.replace(report, files=()).to_dict()
    del doc["files"]
    doc["summary"] = {**counts, "skipped": len(report.skipped)}
    doc["file_findings"] = [
        {"path": path, "findings": [f.to_dict() for f in findings]} for path, findings in attached
    ]
    return doc


def _tail_line(report: Report, counts: dict, attached, stream) -> None:
    """Write :func:`tail_record` as one line, its ``skipped`` list entry by entry: a run that
    skips 100,000 transcripts never holds them as one list (``skipped`` and ``file_findings``
    last, as the record has them)."""
    doc = tail_record(dataclasses.replace(report, skipped=(), skip_reasons=()), counts, attached)
    doc["summary"]["skipped"] = len(report.skipped)
    del doc["skipped"]
    findings = doc.pop("file_findings")
    stream.write(json.dumps(doc)[:-1] + ', "skipped": [')
    reasons = iter(report.skip_reasons)
    for i, path in enumerate(report.skipped):
        entry = {"path": path, "reason": next(reasons, "")}
        stream.write((", " if i else "") + json.dumps(entry))
    stream.write(f'], "file_findings": {json.dumps(findings)}}}\n')


def render(report: Report, stream, **_opts) -> None:
    """Write a whole :class:`Report` as JSON Lines (the same lines a streamed run writes)."""
    dataset_rules = frozenset(report.dataset_rules)
    attached = []
    for fr in report.files:
        _line(file_record(fr, dataset_rules), stream)
        theirs = [f for f in fr.findings if f.rule in dataset_rules]
        if theirs:
            attached.append((fr.path, theirs))
    _tail_line(report, report.counts(), attached, stream)


def render_stream(check, stream, progress=None) -> object:
    """Run ``check`` (an :class:`audiolint.streaming.Check`), writing each file's line as it
    is done and the dataset's line at the end; returns its :class:`~audiolint.streaming.Tail`.
    """
    for fr in check.files(progress):
        _line(file_record(fr), stream)
        stream.flush()
    tail = check.finish()
    ordered = sorted(tail.attached, key=lambda a: a[0])  # stable: each rule's order is kept
    attached = [
        (path, [f for _, _, f in group])
        for (_, path), group in groupby(ordered, key=lambda a: (a[0], a[1]))
    ]
    _tail_line(tail.report, tail.counts, attached, stream)
    return tail
