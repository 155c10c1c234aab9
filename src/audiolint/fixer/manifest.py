"""The record of a fix run: ``audiolint-fix.json`` and ``audiolint-fix.csv`` in DST, and the
lines the command prints.

One entry per checked file, in the check's order: the source, the copy written (or none), its
status (``written``, ``excluded``, ``failed``; ``planned`` in a dry run), the rule whose finding
left it out and why, the findings the check made on it before, the actions taken, and the
written file's rate, bits, channels, length, loudness and true peak.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from audiolint.fixer.plan import FAKE_LOSSLESS as SUSPECT
from audiolint.fixer.plan import FixOptions, Job, planned
from audiolint.fixer.process import Outcome
from audiolint.text import printable

JSON_NAME = "audiolint-fix.json"
CSV_NAME = "audiolint-fix.csv"
CSV_FIELDS = ("source", "output", "status", "excluded_by", "reason", "findings_before",
              "actions", "sample_rate", "bits", "channels", "duration_s", "loudness_lufs",
              "true_peak_dbtp")  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One file of the run: its job and, once processed, its outcome."""

    job: Job
    outcome: Outcome | None = None  # None: left out by the plan, or a dry run

    @property
    def status(self) -> str:
        """written, excluded, failed or planned."""
        if self.job.output is None or (self.outcome and self.outcome.excluded):
            return "excluded"
        if self.outcome is None:
            return "planned"
        return "written" if self.outcome.written else "failed"

    @property
    def reason(self) -> str:
        """Why the file was left out or failed ('' when written)."""
        o = self.outcome
        return (o.excluded or o.error) if o and not o.written else self.job.reason

    def to_dict(self, bits: int) -> dict[str, Any]:
        """The JSON form of the entry."""
        j, o = self.job, self.outcome or Outcome()
        out = {
            "source": j.display,
            "output": j.output if self.status in ("written", "planned") else None,
            "status": self.status,
            "excluded_by": j.excluded_by,
            "reason": self.reason,
            "findings_before": [{"rule": r, "severity": s, "message": m} for r, s, m in j.findings],
            "notes": list(j.notes),
            "actions": list(o.actions),
            "sample_rate": o.sample_rate if o.written else j.out_rate,
            "bits": bits if j.output else None,
            "channels": o.channels,
            "duration_s": o.duration_s,
            "loudness_lufs": o.loudness_lufs,
            "true_peak_dbtp": o.true_peak_dbtp,
        }
        if self.status == "excluded" and o.excluded:
            out["excluded_by"] = o.excluded_by  # found while writing: "fix", or D003 on copies
        return out


@dataclass(frozen=True)
class FixResult:
    """The outcome of ``audiolint.fix``: every entry, the options, and where it wrote."""

    entries: tuple[Entry, ...]
    options: FixOptions
    sources: tuple[str, ...]
    out: str
    dry_run: bool = False
    dataset_findings: tuple[tuple[str, str, str], ...] = ()  # the check's, before
    rules_skipped: tuple[str, ...] = ()  # rules fix's check left out (their measures unused)
    copies_rechecked: bool = False  # the copies were fingerprinted for duplicates again
    tool_version: str = ""

    def of(self, status: str) -> list[Entry]:
        """The entries with this status."""
        return [e for e in self.entries if e.status == status]

    def to_dict(self) -> dict[str, Any]:
        """The manifest (``audiolint-fix.json``)."""
        written = self.of("written")
        return {
            "tool": {"name": "audiolint", "version": self.tool_version},
            "sources": list(self.sources),
            "out": self.out,
            "dry_run": self.dry_run,
            "options": asdict(self.options),
            "files": [e.to_dict(self.options.bits) for e in self.entries],
            "dataset_findings_before": [
                {"rule": r, "severity": s, "message": m} for r, s, m in self.dataset_findings
            ],
            "rules_skipped": list(self.rules_skipped),
            "copies_rechecked_for_duplicates": self.copies_rechecked,
            "summary": {
                "files": len(self.entries),
                "written": len(written),
                "excluded": len(self.of("excluded")),
                "failed": len(self.of("failed")),
                "planned": len(self.of("planned")),
                "written_duration_s": round(sum(e.outcome.duration_s for e in written), 3),
            },
        }

    def __repr__(self) -> str:
        s = self.to_dict()["summary"]
        return (
            f"<FixResult: {s['written']} written, {s['excluded']} excluded, "
            f"{s['failed']} failed to {self.out}>"
        )


def write(result: FixResult, dst: Path) -> None:
    """Write ``audiolint-fix.json`` and ``audiolint-fix.csv`` into ``dst``."""
    data = result.to_dict()
    with open(dst / JSON_NAME, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    with open(dst / CSV_NAME, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for row in data["files"]:
            writer.writerow(
                {
                    **row,
                    "findings_before": " ".join(f["rule"] for f in row["findings_before"]),
                    "actions": "; ".join(row["actions"]),
                }
            )


def lines(result: FixResult, verbose: bool = False) -> list[str]:
    """What the command prints: every planned copy in a dry run (or with ``verbose``), every
    file left out or failed with its reason, and a summary."""
    out = []
    for e in result.entries:
        src = printable(e.job.display)
        if e.status in ("planned", "written") and (result.dry_run or verbose):
            steps = e.outcome.actions if e.outcome else planned(e.job, result.options)
            notes = "; ".join((*e.job.notes, *steps))
            out.append(f"write  {src} -> {e.job.output}" + (f"  ({notes})" if notes else ""))
        elif e.status == "written" and e.job.notes:  # kept at its own rate, lossy source
            out.append(f"note   {src} -> {e.job.output}  ({'; '.join(e.job.notes)})")
        elif e.status == "excluded":
            rule = e.job.excluded_by if e.job.output is None else e.outcome.excluded_by
            out.append(f"leave  {src}  {rule}: {printable(e.reason)}")
        elif e.status == "failed":
            out.append(f"failed {src}  {printable(e.reason)}")
    s = result.to_dict()["summary"]
    if result.dry_run:
        out.append(
            f"dry run: would write {s['planned']} of {s['files']} files to {result.out}, "
            f"leaving out {s['excluded']}; nothing written"
        )
    else:
        minutes = s["written_duration_s"] / 60.0
        out.append(
            f"wrote {s['written']} of {s['files']} files ({minutes:.1f} min) to {result.out}; "
            f"left out {s['excluded']}, failed {s['failed']}; manifest: {JSON_NAME}, {CSV_NAME}"
        )
    suspect = sum(
        1
        for e in result.entries
        if e.status == "excluded"
        and (e.job.excluded_by if e.job.output is None else e.outcome.excluded_by) in SUSPECT
    )
    if suspect:
        # the line a user reads last (review 43d: "wrote 1 of 181 files" after a check that
        # called the set "nearly ready": every slice of a download reads T001)
        out.append(
            f"{suspect} of the files left out read as decoded from lossy audio or upsampled "
            "(T001, T002): where no lossless source exists (a download), --keep-suspect writes "
            "them"
        )
    return out
