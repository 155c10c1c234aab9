"""What a rule sees and what it yields.

A rule is a module with constants (``ID``, ``NAME``, ``TERM``, ``SEVERITY``, ``DEFAULT``,
``SCOPE``, ``REQUIRES``, ``ANALYSERS``), a docstring, and a ``check(ctx, options)`` generator of
:class:`Problem`. ``ANALYSERS`` names the analysers (keys of
:data:`audiolint.analysis.registry.FACTORIES`, or ``"decode"`` for a decode that measures
nothing) whose results the rule reads: the pipeline runs only those the selected rules name
(``()``: headers only; a rule without the constant gets every analyser). The engine, not the
rule, turns problems into findings and settles severity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audiolint.models import Properties
from audiolint.probe import ProbeResult


@dataclass(frozen=True)
class Problem:
    """A rule's raw result. ``severity`` picks a graded level (e.g. error below a harder limit);
    ``None`` means the rule's default."""

    message: str
    severity: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class FileContext:
    """Everything known about one file when the rules run."""

    path: Path
    display: str
    probe: ProbeResult
    signal: dict[str, Any] | None = None
    fidelity: dict[str, Any] | None = None
    extras: dict[str, Any] = field(default_factory=dict)

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
    _matches: dict = field(default_factory=dict, repr=False)

    def matches(self, max_bit_error: float = 0.25, min_cover: float = 0.8) -> list:
        """Pairs of files holding the same audio (computed once per setting, shared by rules)."""
        key = (max_bit_error, min_cover)
        if key not in self._matches:
            from audiolint.analysis import dedupe

            prints = [f.extras.get("analysis", {}).get("fingerprint") for f in self.files]
            self._matches[key] = dedupe.find(prints, max_bit_error, min_cover)
        return self._matches[key]

    def later_copies(self) -> set[int]:
        """Indexes of files whose whole audio repeats an earlier file's (D003's defaults)."""
        return {m.b for m in self.matches() if not m.inside}
