"""What the rules see: one file's context, and the dataset's.

A :class:`FileContext` is built by the pipeline (probe, then analysis), cached between runs
(:mod:`audiolint.cache`) and read by the rules. Everything the pipeline learns about a file is
a typed field here, never a string key in a loose dict: a misspelt name fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audiolint.models import Properties
from audiolint.probe import ProbeResult


@dataclass
class FileContext:
    """Everything known about one file when the rules run."""

    path: Path
    display: str
    probe: ProbeResult
    signal: dict[str, Any] | None = None  # the SIGNAL analysers' results, merged
    fidelity: dict[str, Any] | None = None
    analysis: dict[str, dict[str, Any]] = field(default_factory=dict)  # every result, by name
    analysers: tuple[str, ...] = ()  # what this run asked for (a cached entry serves fewer)
    decode_errors: list[str] = field(default_factory=list)  # F001: damaged or cut short
    not_analysed: str | None = None  # F004: why the signal was not measured (missing extra)
    internal_errors: list[str] = field(default_factory=list)  # F005: our own failures
    artifacts: dict[str, Any] = field(default_factory=dict)  # bulky by-products (spectrogram)
    traceback: str = ""  # of an internal error, for --debug; never cached
    timed_out: bool = False  # gave up on the file; never cached
    # The file rules that found a problem in the file this run (set once its report is made,
    # for the dataset rules: D001 leaves out a file S007 finds no voice in); never cached
    fired: frozenset[str] = frozenset()
    # Wall seconds this run spent on the file: probe and analysis in the worker, or the cache
    # look-up on a hit. Never cached (a hit must not report the time of the run that stored it).
    elapsed_s: float = 0.0

    @property
    def props(self) -> Properties:
        """The probed properties."""
        return self.probe.properties

    def usable_seconds(self) -> tuple[float, bool]:
        """(usable seconds, measured): non-silent time from the signal analysis when it ran,
        else the header's whole duration (``measured`` False); 0 for an unreadable file."""
        if not self.probe.readable:
            return 0.0, False
        usable = (self.signal or {}).get("usable_duration_s")
        if usable is not None:
            return float(usable), True
        return float(self.props.duration_s or 0.0), False


@dataclass
class DatasetContext:
    """All files of a run, for rules that judge the dataset as a whole."""

    files: list[FileContext]
    # folders among the paths the run was given: a folder is a dataset even when it holds one
    # file (an RVC set is often one long recording); files named alone are file checks
    folders: int = 0
    # indexes of the files S007 finds no voice in, as D001 found them (their time is no voice's
    # to train on); empty where D001 did not run
    voiceless: set[int] = field(default_factory=set)
    _matches: dict = field(default_factory=dict, repr=False)

    def matches(self, max_bit_error: float = 0.25, min_cover: float = 0.8) -> list:
        """Pairs of files holding the same audio (computed once per setting, shared by rules)."""
        key = (max_bit_error, min_cover)
        if key not in self._matches:
            found = []
            if len(self.files) > 1:  # a pair needs two: a one-file run loads no matcher
                from audiolint.analysis import dedupe

                # one file's fingerprint at a time (a --quick run has none): nothing is held
                # per file here, however many there are
                prints = (f.analysis.get("fingerprint") for f in self.files)
                found = dedupe.find(prints, max_bit_error, min_cover)
            self._matches[key] = found
        return self._matches[key]

    def later_copies(self) -> set[int]:
        """Indexes of files whose whole audio repeats an earlier file's (D003's defaults)."""
        return {m.b for m in self.matches() if not m.inside}

    def contained_copies(self) -> set[int]:
        """Indexes of files whose audio sits inside a longer file's (a slice kept beside the
        recording it was cut from, D003's "appears inside"), whole copies left to
        :meth:`later_copies`: the longer file already holds their time."""
        return {m.a for m in self.matches() if m.inside} - self.later_copies()

    def repeated_seconds(self) -> tuple[float, int, int, int] | None:
        """(usable seconds, whole copies, files inside longer ones, files with no voice) of
        :meth:`later_copies`, :meth:`contained_copies` and :attr:`voiceless`, once a rule has
        matched the files (D001 or D003); ``None`` when none did, so a summary never pays for a
        match itself. A file with no voice counts as that alone, copy or not."""
        if (0.25, 0.8) not in self._matches:
            return None
        voiceless = self.voiceless
        copies = self.later_copies() - voiceless
        inside = self.contained_copies() - voiceless
        seconds = sum(self.files[i].usable_seconds()[0] for i in copies | inside | voiceless)
        return seconds, len(copies), len(inside), len(voiceless)
