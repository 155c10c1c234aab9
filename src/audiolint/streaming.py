"""A check run as a stream: each file's report as soon as it is done, the dataset's at the end.

:func:`audiolint.pipeline.run` returns one :class:`~audiolint.models.Report`; ``--format
jsonl`` writes each file's record as the file finishes instead, so that 100,000 files never
build one document. Either way a :class:`Check` runs the stages: it yields each file's
:class:`~audiolint.models.FileReport` in input order and keeps of that file only what the
dataset rules and the summary read (:func:`slim`: its probe, its fingerprint, its usable time,
its fidelity verdict), so the memory held per file is small whichever report is asked for;
when no report is held at all (jsonl), those records are packed into bytes that move to a
temporary file once there are many (:class:`audiolint.kept.Kept`: 8 bytes a file in memory).
:meth:`Check.finish` then runs the dataset rules on what was kept.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from audiolint import __version__, engine, summary
from audiolint.config import Config
from audiolint.context import DatasetContext, FileContext
from audiolint.discover import Discovery
from audiolint.kept import Kept
from audiolint.models import FileReport, Finding, Report
from audiolint.pathlist import Mapped
from audiolint.pipeline import contexts, display_path, file_report
from audiolint.rules import internal_error


def kept_analysers(config: Config) -> frozenset[str] | None:
    """The analysers whose results the enabled dataset rules read (their ``ANALYSERS``), or
    None when one of them does not say (then everything is kept)."""
    names: set[str] = set()
    for rule in engine.enabled_rules(config, "dataset"):
        declared = getattr(rule, "ANALYSERS", None)
        if declared is None:
            return None
        names.update(declared)
    return frozenset(names)


def slim(ctx: FileContext, keep: frozenset[str] | None, fired=frozenset()) -> FileContext:
    """What the dataset stage needs of a file's context: its probe, the results of the
    analysers in ``keep`` (all when None), its usable time (the summary counts it) and the
    file rules that found a problem in it (``fired``); no artifacts, no other measurements."""
    if keep is None:
        return dataclasses.replace(ctx, artifacts={}, traceback="", fired=fired)
    analysis = {k: v for k, v in ctx.analysis.items() if k in keep}
    signal, fidelity = {}, None
    if analysis or ctx.fidelity is not None:  # a --quick run loads no analyser
        from audiolint.analysis import registry

        for name in registry.SIGNAL if analysis else ():
            signal.update(analysis.get(name, {}))
        if registry.FIDELITY in keep:
            fidelity = ctx.fidelity
    usable = (ctx.signal or {}).get("usable_duration_s")
    if usable is not None:
        signal["usable_duration_s"] = usable
    return FileContext(
        ctx.path,
        ctx.display,
        ctx.probe,
        signal=signal if ctx.signal is not None else None,
        fidelity=fidelity,
        analysis=analysis,
        analysers=ctx.analysers,
        fired=fired,
    )


@dataclass
class Tail:
    """The end of a run: the dataset findings and summary, and the counts of the whole run.

    ``report`` has no files; ``attached`` holds the dataset rules' findings that concern one
    file (a duplicate, an odd name) as ``(file index, path, finding)``, in the order the rules
    gave them; ``counts`` is :meth:`Report.counts` of the whole run."""

    report: Report
    attached: list[tuple[int, str, Finding]]
    counts: dict[str, int]

    def worst(self) -> str | None:
        """The most severe severity found (a streamed run applies no baseline), or None."""
        return next((s for s in ("error", "warning", "info") if self.counts[s]), None)


@dataclass
class Check:
    """One run of the stages over the files ``found`` (see the module's docstring)."""

    found: Discovery
    config: Config
    kept: list[FileContext] | Kept = field(default_factory=list)
    tally: summary.Tally = field(default_factory=summary.Tally)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.counts = {"files": 0, "error": 0, "warning": 0, "info": 0, "baselined": 0}

    def files(self, progress=None) -> Iterator[FileReport]:
        """Each file's report (file rules only), in input order, as soon as it is ready."""
        keep = kept_analysers(self.config)
        for ctx in contexts(self.found.files, self.config, progress):
            internal_error.log_traces([ctx])
            fr = file_report(ctx, self.config)
            self.kept.append(slim(ctx, keep, frozenset(f.rule for f in fr.findings)))
            self.tally.add(fr)
            self._count(fr.findings)
            self.counts["files"] += 1
            yield fr

    def _count(self, findings) -> None:
        for f in findings:
            self.counts[f.severity] += 1
            self.counts["baselined"] += f.baselined

    def _first_index(self, wanted: set[str]) -> dict[str, int]:
        """{display path: index of the first file shown so} for the paths ``wanted`` (two paths
        may share a display form: the first takes it); one pass, no map of every file."""
        index: dict[str, int] = {}
        if wanted:
            kept = self.kept
            shown = kept.displays() if isinstance(kept, Kept) else (c.display for c in kept)
            for i, display in enumerate(shown):
                if display in wanted and display not in index:
                    index[display] = i
        return index

    def finish(self) -> Tail:
        """Run the dataset rules on what :meth:`files` kept (call it after that is exhausted)."""
        config, files = self.config, self.kept
        dctx = DatasetContext(files, folders=self.found.folders)
        start = time.perf_counter()
        found = list(engine.check_dataset(dctx, config))
        elapsed = time.perf_counter() - start
        index = self._first_index({where for where, _ in found if where is not None})
        attached, dataset_findings = [], []
        for where, finding in found:
            if where in index:
                attached.append((index[where], where, finding))
                self.tally.add_findings(where, (finding,))
            else:
                dataset_findings.append(finding)
            self._count((finding,))
        totals = summary.summarise(files, self.found)
        repeated = dctx.repeated_seconds()
        if repeated is not None:  # the same usable time D001 counts: repeated audio left out
            totals["usable_unique_duration_s"] = round(totals["usable_duration_s"] - repeated[0], 3)
            totals["duplicate_copies"], totals["contained_copies"] = repeated[1:3]
            totals["voiceless_files"] = repeated[3]
        totals.update(self.tally.verdict(dataset_findings, totals["readable"]))
        report = Report(
            files=(),
            dataset_findings=tuple(dataset_findings),
            dataset_summary=totals,
            tool_version=__version__,
            # views, not lists: a streamed run writes them out one by one
            skipped=Mapped(self.found.skipped, lambda pair: display_path(pair[0])),
            skip_reasons=Mapped(self.found.skipped, lambda pair: pair[1]),
            dataset_rules=tuple(r.ID for r in engine.enabled_rules(config, "dataset")),
            dataset_elapsed_s=elapsed,
        )
        return Tail(report, attached, dict(self.counts))

    def report(self, reports: list[FileReport]) -> Report:
        """The whole :class:`Report`: :meth:`finish`, with the dataset findings on one file
        appended to that file's report (and those rules recorded as run there)."""
        tail = self.finish()
        for i, _path, finding in tail.attached:
            fr = reports[i]
            ran = fr.rules_run
            if all(rid != finding.rule for rid, _ in ran):  # a dataset rule: it ran here too
                ran = (*ran, (finding.rule, None))
            reports[i] = dataclasses.replace(fr, findings=(*fr.findings, finding), rules_run=ran)
        done = tail.report
        return dataclasses.replace(
            done,
            files=tuple(reports),
            skipped=tuple(done.skipped),
            skip_reasons=tuple(done.skip_reasons),
        )
