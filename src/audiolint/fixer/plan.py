"""Which files ``audiolint fix`` writes, which it leaves out and why, read from a normal check.

The plan is made from the :class:`~audiolint.models.Report` of an ordinary check run: a file is
left out when a finding says it cannot help a voice model (unreadable, fake lossless, a later
copy of a duplicate, heavily clipped, silent or too short), and that finding is named as the
reason. Every other file gets a job: where its copy goes under DST (a safe name, the folder
layout kept) and at what rate (the target rate, or its own when lower: never upsampled).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from audiolint.models import FileReport, Finding, Report

UNREADABLE = ("F001", "F004", "F005")  # cannot be decoded, or audiolint failed on it
FAKE_LOSSLESS = ("T001", "T002")  # transcoded from lossy, upsampled: --keep-suspect keeps them
SILENT_PEAK_DBFS = -70.0  # S002's own line between "silent" and "too quiet: normalise it"
EXTENSIONS = {"flac": ".flac", "wav": ".wav"}


@dataclass(frozen=True)
class FixOptions:
    """What ``fix`` does to each file it writes (the command line's options)."""

    target_rate: int = 40000
    fmt: str = "flac"  # flac | wav
    bits: int = 16  # 16 | 24
    mono: bool = True  # mix to mono (anti-phase stereo keeps its better channel)
    trim: bool = True  # trim edge silence at the slicer's threshold, keeping margin_s
    loudness: float | None = -23.0  # integrated loudness target in LUFS; None: level untouched
    ceiling_dbtp: float = -1.0  # true-peak ceiling the gain never crosses
    margin_s: float = 0.2  # silence kept before the first and after the last sound
    keep_suspect: bool = False  # write fake-lossless files (T001/T002) too


@dataclass(frozen=True)
class Job:
    """One file of the plan: written to ``output`` (relative to DST), or left out."""

    source: Path
    display: str
    findings: tuple[tuple[str, str, str], ...]  # (rule, severity, message) the check found
    output: str | None = None  # POSIX path under DST; None when left out
    excluded_by: str | None = None  # the rule whose finding left it out
    reason: str = ""  # that finding's message, or why the file could not be matched
    container: str | None = None
    decoder: str | None = None
    sample_rate: int | None = None
    out_rate: int | None = None
    channels: int | None = None
    duration_s: float | None = None
    anti_phase: bool = False  # S006 error: the channels cancel when mixed
    notes: tuple[str, ...] = field(default=())  # kept at its own rate, lossy source...


def safe_part(name: str) -> str:
    """A path component of ASCII letters, digits, ``.``, ``-`` and ``_`` only (D004's advice);
    accents lose their marks, every other run of characters becomes one ``_``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-")
    return text or "file"


def _relative(source: Path, roots: list[Path]) -> PurePosixPath:
    """The file's path below the folder it was found in (just its name for a file given).
    With several folders given, each keeps its own name as the top folder."""
    here = Path(os.path.abspath(source))
    for root in roots:
        top = Path(os.path.abspath(root))
        try:
            rel = here.relative_to(top)
        except ValueError:
            continue
        if not rel.parts:  # the file itself was given
            break
        return PurePosixPath(top.name, *rel.parts) if len(roots) > 1 else PurePosixPath(*rel.parts)
    return PurePosixPath(source.name)


class Names:
    """Safe, unique output names; a collision (``a b.wav`` and ``a_b.wav``) gets ``-2``, ``-3``
    (compared without case, for case-insensitive file systems)."""

    def __init__(self, fmt: str):
        self.suffix, self.taken = EXTENSIONS[fmt], set()

    def take(self, rel: PurePosixPath) -> str:
        """The output path for the file at ``rel`` below its source folder."""
        folders = [safe_part(p) for p in rel.parts[:-1]]
        stem = safe_part(PurePosixPath(rel.name).stem)
        for n in range(1, 1 << 20):
            name = f"{stem}{'' if n == 1 else f'-{n}'}{self.suffix}"
            out = str(PurePosixPath(*folders, name))
            if out.lower() not in self.taken:
                self.taken.add(out.lower())
                return out
        raise RuntimeError("no free output name")  # pragma: no cover - a million collisions


def _by_rule(fr: FileReport) -> dict[str, Finding]:
    out: dict[str, Finding] = {}
    for f in fr.findings:
        out.setdefault(f.rule, f)
    return out


def _groups(report: Report) -> list[tuple[list[str], str | None, dict[str, Finding]]]:
    """Each set of files D003 found holding the same audio: its members (in report order), the
    copy its findings name to keep, and the finding on each member that has one."""
    parent: dict[str, str] = {}

    def root(p: str) -> str:
        while parent.setdefault(p, p) != p:
            p = parent[p]
        return p

    keep: dict[str, str] = {}  # the copy a finding names (its data's keep)
    other_of: dict[str, str] = {}  # else the copy it matched (a report written without keep)
    on: dict[str, Finding] = {}
    for fr in report.files:
        for f in fr.findings:
            other = f.data.get("duplicate_of") if f.rule == "D003" else None
            if other:
                here = f.data.get("path", fr.path)
                on.setdefault(here, f)
                parent[root(here)] = root(other)
                if f.data.get("keep"):
                    keep.setdefault(here, f.data["keep"])
                other_of.setdefault(here, other)
    members: dict[str, list[str]] = {}
    for fr in report.files:
        if fr.path in parent:
            members.setdefault(root(fr.path), []).append(fr.path)
    return [(group, next((keep[m] for m in group if m in keep),
                         next((other_of[m] for m in group if m in other_of), None)), on)
            for group in members.values()]  # fmt: skip


def _dedupe(report: Report, why: dict[str, tuple[str, str] | None]) -> None:
    """Leave out every copy of each D003 group but one: the copy its finding names to keep, or,
    when that copy is left out for another reason, the best of those that are not
    (:func:`_standing`)."""
    props = {fr.path: fr.properties for fr in report.files}
    for group, keep, on in _groups(report):
        alive = [m for m in group if why.get(m) is None]
        if len(alive) < 2:
            continue
        kept = keep if keep in alive else max(alive, key=lambda m: _standing(props.get(m)))
        note = "" if keep in (None, kept) else f"; {keep} is left out ({why[keep][0]})"
        for m in alive:
            if m != kept:
                text = on[m].message if m in on else f"same audio as {kept}"
                why[m] = ("D003", f"{text} (kept: {kept}{note})")


def _standing(p) -> tuple:
    """How a copy still standing ranks when the one D003 named is left out (a decode T001 calls
    fake, say): a lossless one first (the fake ones are out), then the highest bitrate a lossy
    file states, then the highest sample rate; of equals, the first (``max`` keeps it). Review
    50e: with a WAV decoded from 32 kbps Opus named and left out, fix kept a 128 kbps AAC, the
    first in the folder, and left out its 320 kbps MP3 and 256 kbps AAC copies."""
    if p is None:
        return (False, 0, 0)
    return (p.lossless is True, 0 if p.lossless else p.bitrate_bps or 0, p.sample_rate or 0)


def _harmless(finding, opts: FixOptions) -> bool:
    """An upsampling the copy undoes: T002's old rate at or over the target, which the copy is
    brought down to (review 43d: at --target-rate 32000, files "upsampled from 32 kHz" were
    left out, though a 32 kHz copy holds all they hold)."""
    old = (finding.data or {}).get("upsampled_from") if finding.rule == "T002" else None
    return bool(old) and old >= opts.target_rate


def exclusion(fr: FileReport, opts: FixOptions):
    """(rule ID, reason) when this file is left out on its own findings (D003, which judges
    files together, is settled by the plan), else None."""
    found = _by_rule(fr)
    for rule in UNREADABLE:
        if rule in found:
            return rule, found[rule].message
    if fr.properties is None or not fr.properties.sample_rate or fr.signal is None:
        return "F001", "not measured: cannot be decoded"
    if not opts.keep_suspect:
        for rule in FAKE_LOSSLESS:
            if rule in found and not _harmless(found[rule], opts):
                return rule, found[rule].message + " (--keep-suspect writes it anyway)"
    s001, s002, q005 = found.get("S001"), found.get("S002"), found.get("Q005")
    if s001 is not None and s001.severity == "error":
        return "S001", f"heavily clipped: {s001.message}"
    if s002 is not None and s002.severity == "error":
        peak = s002.data.get("peak_dbfs")
        if peak is None or peak < SILENT_PEAK_DBFS:
            return "S002", s002.message
    if q005 is not None and q005.severity == "warning":
        return "Q005", q005.message
    return None  # mostly silent? judged at the final level, by process (a quiet file is not)


def planned(job: Job, opts: FixOptions) -> list[str]:
    """The steps a dry run can promise for ``job`` (trim and gain are measured when writing)."""
    steps = []
    if job.anti_phase:
        steps.append("anti-phase channels: keep the louder" if opts.mono else "invert one channel")
    elif opts.mono and (job.channels or 1) > 1:
        steps.append(f"mix {job.channels} channels to mono")
    if job.sample_rate and job.out_rate and job.sample_rate > job.out_rate:
        steps.append(f"resample {job.sample_rate} Hz to {job.out_rate} Hz")
    return steps


def build(report: Report, paths: dict[str, Path], roots: list[Path], opts: FixOptions) -> list[Job]:
    """The plan, one job per checked file in report order. ``paths`` maps each report path
    (display form) to the real path; ``roots`` are the folders and files given."""
    names = Names(opts.fmt)
    why = {fr.path: exclusion(fr, opts) for fr in report.files}
    _dedupe(report, why)
    jobs, seen = [], set()
    for fr in report.files:
        rules = tuple((f.rule, f.severity, f.message) for f in fr.findings)
        source = paths.get(fr.path)
        if source is None or fr.path in seen:
            why = "changed during the run" if source is None else "given twice"
            jobs.append(Job(Path(fr.path), fr.path, rules, None, "F001", why))
            continue
        seen.add(fr.path)
        if why[fr.path] is not None:
            rule, reason = why[fr.path]
            jobs.append(Job(source, fr.path, rules, None, rule, reason))
            continue
        p, found = fr.properties, _by_rule(fr)
        out_rate = min(p.sample_rate, opts.target_rate)
        notes = []
        if out_rate < opts.target_rate:
            notes.append(f"kept at its own {p.sample_rate} Hz: below the target, not upsampled")
        if p.lossless is False:
            notes.append("lossy source: the encoder's losses stay")
        for rule in FAKE_LOSSLESS if opts.keep_suspect else ():
            if rule in found:  # the copy's own check may name it otherwise: resampled, its
                # codec grid is gone and only the band limit is left (T002 "upsampled")
                notes.append(f"written by --keep-suspect despite {rule}: {found[rule].message}")
        t002 = found.get("T002")
        if not opts.keep_suspect and t002 is not None and _harmless(t002, opts):
            notes.append(
                f"upsampled from {t002.data['upsampled_from']} Hz (T002), at or over the "
                f"{opts.target_rate} Hz target: the copy holds all it held"
            )
        s006 = found.get("S006")
        jobs.append(
            Job(
                source,
                fr.path,
                rules,
                output=names.take(_relative(source, roots)),
                container=p.container,
                decoder=p.decoder,
                sample_rate=p.sample_rate,
                out_rate=out_rate,
                channels=p.channels,
                duration_s=p.duration_s,
                anti_phase=s006 is not None and s006.severity == "error",
                notes=tuple(notes),
            )
        )
    return jobs
