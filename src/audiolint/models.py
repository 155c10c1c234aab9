"""The records that flow through the pipeline and into every report.

These are small frozen dataclasses: the JSON report is their ``to_dict()``, and that shape is a
contract (fields are added, never renamed or dropped).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
# The JSON report's shape, as ``report_version`` and the shipped schema
# (audiolint/report/schema/report.schema.json) state it: raised whenever a field is added.
REPORT_VERSION = 31


@dataclass(frozen=True)
class Properties:
    """What the headers say about one file. Unknown values are ``None``, never guessed."""

    container: str | None = None
    codec: str | None = None
    lossless: bool | None = None
    sample_rate: int | None = None
    bit_depth: int | None = None
    channels: int | None = None
    duration_s: float | None = None
    bitrate_bps: int | None = None
    bitrate_mode: str | None = None
    encoder: str | None = None
    size_bytes: int | None = None
    sample_format: str | None = None  # "int" or "float" for PCM-like codecs
    frames: int | None = None
    # The source's rate before encoding, where the format records it (Opus's OpusHead); the
    # stream itself decodes at ``sample_rate`` (48 kHz for every Opus file).
    input_sample_rate: int | None = None
    audio_streams: int | None = None  # audio tracks in the file; the first one is analysed
    decoder: str | None = None  # "libsndfile" or "ffmpeg": the library that delivers the samples

    @property
    def source_rate(self) -> int:
        """The rate the content was made at: ``input_sample_rate`` where the header gives one
        under the rate it decodes at (an Opus file of 8-24 kHz audio), else ``sample_rate``;
        0 when unknown. Q002, Q003, T004 and D003 judge a file by it (review 43c: an 8 kbps
        Opus of an 8 kHz prompt ranked at 48 kHz, over the 8 kHz WAV it was made from)."""
        rate = self.sample_rate or 0
        given = self.input_sample_rate
        return min(rate, given) if given and rate else rate

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (every field, in declaration order)."""
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """One thing a rule found: which rule, how bad, which glossary term explains it."""

    rule: str
    severity: str
    term: str
    message: str
    name: str = ""
    definition: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    baselined: bool = False  # recorded in the --baseline file: reported, but fails nothing

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (``"baselined": true`` only on baselined findings)."""
        out = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "term": self.term,
            "message": self.message,
            "definition": self.definition,
            "data": self.data,
        }
        if self.baselined:
            out["baselined"] = True
        return out


# repr=False: the class writes its own __repr__ (dataclass would compile one, then drop it).
@dataclass(frozen=True, repr=False)
class FileReport:
    """Everything known about one path: its properties, measurements and findings."""

    path: str
    properties: Properties | None
    findings: tuple[Finding, ...] = ()
    signal: dict[str, Any] | None = None
    fidelity: dict[str, Any] | None = None
    notes: tuple[str, ...] = ()
    # The rules checked on this file, as (rule ID, why it could not run or None); recorded by
    # the engine (dataset rules that attached a finding here included), not in the JSON.
    rules_run: tuple[tuple[str, str | None], ...] = ()
    # Bulky by-products (e.g. a spectrogram matrix) for reporters that draw them; not in JSON.
    artifacts: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # Wall seconds spent on this file (probe and analysis in its worker, or the cache look-up).
    elapsed_s: float = field(default=0.0, compare=False)

    def __repr__(self) -> str:
        p = self.properties
        what = ""
        if p is not None and p.sample_rate:
            what = f" {(p.codec or '?').upper()} {p.sample_rate / 1000:g} kHz"
            what += f" {p.channels}ch" if p.channels else ""
            what += f" {p.duration_s:.2f} s" if p.duration_s else ""
        rules = ", ".join(sorted({f.rule for f in self.findings})) or "no findings"
        return f"<FileReport {self.path}:{what}; {rules}>"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        empty = {f.name: None for f in fields(Properties)}
        return {
            "path": self.path,
            "properties": self.properties.to_dict() if self.properties else empty,
            "findings": [f.to_dict() for f in self.findings],
            "signal": self.signal,
            "fidelity": self.fidelity,
            "elapsed_s": round(self.elapsed_s, 6),
        }


@dataclass(frozen=True, repr=False)  # its own __repr__, as FileReport
class Report:
    """The result of a run: per-file reports, dataset-level findings and the counts."""

    files: tuple[FileReport, ...]
    dataset_findings: tuple[Finding, ...] = ()
    dataset_summary: dict[str, Any] = field(default_factory=dict)
    tool_version: str = ""
    skipped: tuple[str, ...] = ()
    skip_reasons: tuple[str, ...] = ()  # why each of ``skipped`` was skipped, in the same order
    dataset_rules: tuple[str, ...] = ()  # IDs of the dataset rules that ran (not in the JSON)
    dataset_elapsed_s: float = field(default=0.0, compare=False)  # the dataset rules' wall time

    def all_findings(self) -> list[Finding]:
        """Every finding, file-level first, then dataset-level."""
        out = [f for fr in self.files for f in fr.findings]
        out.extend(self.dataset_findings)
        return out

    def counts(self) -> dict[str, int]:
        """Files checked and findings per severity."""
        c = {"files": len(self.files), "error": 0, "warning": 0, "info": 0, "baselined": 0}
        for f in self.all_findings():
            c[f.severity] += 1
            c["baselined"] += f.baselined
        return c

    def worst(self) -> str | None:
        """The most severe severity among findings not in the baseline, or ``None``."""
        ranks = [SEVERITY_RANK[f.severity] for f in self.all_findings() if not f.baselined]
        if not ranks:
            return None
        best = max(ranks)
        return next(s for s, r in SEVERITY_RANK.items() if r == best)

    def __repr__(self) -> str:
        c = self.counts()
        text = (
            f"<Report: {c['files']} files, {c['error']} errors, {c['warning']} warnings, "
            f"{c['info']} info"
        )
        verdict = self.dataset_summary.get("verdict")
        return text + (f"; {verdict}>" if verdict else ">")

    def _repr_html_(self) -> str:
        """The HTML summary, inline, for Jupyter and Colab."""
        from audiolint.report.html_report import inline  # rendering belongs to the reporters

        return inline(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON report (the documented contract)."""
        return {
            "report_version": REPORT_VERSION,
            "tool": {"name": "audiolint", "version": self.tool_version},
            "files": [fr.to_dict() for fr in self.files],
            "dataset": {
                "summary": self.dataset_summary,
                "findings": [f.to_dict() for f in self.dataset_findings],
                "elapsed_s": round(self.dataset_elapsed_s, 6),
            },
            "summary": {**self.counts(), "skipped": len(self.skipped)},
            "skipped": [
                {"path": p, "reason": self.skip_reasons[i] if i < len(self.skip_reasons) else ""}
                for i, p in enumerate(self.skipped)
            ],
        }
