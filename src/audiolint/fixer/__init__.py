"""``audiolint fix``: a training-ready copy of a dataset, written under DST, never over SRC.

A normal check run decides (:mod:`audiolint.fixer.plan`); worker processes write the copies
(:mod:`audiolint.fixer.process`), with the check's time limits and error handling; the manifest
records it all (:mod:`audiolint.fixer.manifest`). DST must be new or empty and must not be, or
lie inside, a source folder; every copy is asked of :func:`audiolint.outputs.guard` first, so
nothing an input is, or any existing audio, is ever written over.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from audiolint.config import Config
from audiolint.fixer.manifest import Entry, FixResult
from audiolint.fixer.plan import FixOptions, Job

__all__ = ["FixOptions", "FixResult", "fix", "refusal"]
log = logging.getLogger("audiolint")
# The measurements the plan and the findings fix claims to fix read. A rule reading anything
# else (S007's voice detector, say) is left out of fix's check: it costs time and changes no
# decision (measured: voice is 16 % of a full analysis of 44.1 kHz stereo speech). D003 reads
# the reverb analyser to keep a dry take over its copy with a room's echo.
USED_ANALYSERS = frozenset(
    {"decode", "levels", "clipping", "silence", "loudness", "stereo", "fidelity", "fingerprint",
     "reverb"}
)  # fmt: skip


def refusal(sources: Sequence[str | Path], dst: str | Path) -> str | None:
    """The one-line reason not to write into ``dst``, or None when it is safe."""
    target = os.path.realpath(dst)
    for src in sources:
        real = os.path.realpath(src)
        if target == real:
            return f"--out {dst} is the source {src}: fix never writes in place"
        if os.path.isdir(real) and os.path.commonpath([target, real]) == real:
            return f"--out {dst} is inside the source {src}: choose a folder outside it"
    if os.path.lexists(dst) and not os.path.isdir(dst):
        return f"--out {dst} exists and is not a folder"
    if os.path.isdir(dst) and any(os.scandir(dst)):
        return f"--out {dst} is not empty: fix writes into a new or empty folder"
    return None


@dataclasses.dataclass(frozen=True)
class _Spec:
    """What each worker needs (inherited at fork): the options, DST, the job per path, and
    whether to fingerprint the copies (see :func:`_recheck`)."""

    opts: FixOptions
    dst: Path
    jobs: dict[Path, Job]
    recheck: bool = False


def lean(config):
    """The check fix runs: the configured one, less the rules that read a measurement fix does
    not use (see ``USED_ANALYSERS``); returns it and the IDs left out."""
    from audiolint import engine

    skip = tuple(
        r.ID
        for scope in ("file", "dataset")
        for r in engine.enabled_rules(config, scope)
        if not set(getattr(r, "ANALYSERS", ())) <= USED_ANALYSERS
    )
    return dataclasses.replace(config, ignore=(*config.ignore, *skip)), skip


def _build(path: Path, spec: _Spec, on_probed=None):
    from audiolint.fixer import process

    job = spec.jobs[path]
    if on_probed is not None:
        on_probed(job.duration_s or 0.0)  # longer files get a longer time limit
    return process.process(job, spec.opts, spec.dst, spec.recheck)


def _failed(path: Path, error: str, trace: str):
    from audiolint.fixer.process import Outcome

    log.debug("traceback for %s:\n%s", path, trace.rstrip())
    return Outcome(error=f"internal error while writing this file: {error}; please report it")


def _hidden(job: Job) -> bool:
    """True when the check's fingerprint may have missed this file's copies: anti-phase
    channels (their mono mix, which the fingerprint reads, cancels) or a level under S004's."""
    return job.anti_phase or any(rule in ("S004", "S002") and sev != "info"
                                 for rule, sev, _ in job.findings)  # fmt: skip


def _recheck(jobs: list[Job], outcomes: list, dst: Path, config) -> list:
    """Leave out every copy but the first of audio the copies hold twice (D003's own matching
    and options), deleting its file from DST: a duplicate the check could not see in the
    sources (see :func:`_hidden`) shows once the copies are levelled and mixed."""
    from audiolint import engine
    from audiolint.analysis import dedupe
    from audiolint.rules import duplicate

    written = [i for i, o in enumerate(outcomes) if o is not None and o.written]
    opts = engine.options_for(duplicate, config)
    prints = [outcomes[i].fingerprint for i in written]
    out = list(outcomes)
    for m in dedupe.find(prints, opts["max_bit_error"], opts["min_cover"]):
        drop, other = (m.a, m.b) if m.inside else (m.b, m.a)  # the clip, or the later copy
        i = written[drop]
        if out[i].written:
            (dst / jobs[i].output).unlink(missing_ok=True)
            why = (
                f"same audio as {jobs[written[other]].display} once levelled (found on the copies)"
            )
            out[i] = dataclasses.replace(out[i], written=False, excluded=why, excluded_by="D003")
    return [dataclasses.replace(o, fingerprint=None) if o is not None else o for o in out]


def _write(jobs: list[Job], opts: FixOptions, dst: Path, config, progress, recheck) -> list:
    from audiolint.analysis import registry
    from audiolint.executor import Pool, default_jobs
    from audiolint.fixer.process import Outcome
    from audiolint.pipeline import display_path

    todo = [j for j in jobs if j.output is not None]
    spec = _Spec(opts, dst, {j.source: j for j in todo}, recheck)
    registry.preload({"loudness"})
    outcomes: dict[Path, Any] = {}
    if progress:
        progress(0, len(todo))
    if todo:
        pool = Pool(config.jobs or default_jobs(), spec, _build, config.timeout)
        for i, result in pool.run([j.source for j in todo], display_path, _failed):
            if not isinstance(result, Outcome):  # the executor's "gave up" context
                result = Outcome(error=result.probe.problems[0].message)
            outcomes[todo[i].source] = result
            if progress:
                progress(len(outcomes), len(todo))
    done = [outcomes.get(j.source) if j.output else None for j in jobs]
    return _recheck(jobs, done, dst, config) if recheck else done


def fix(
    sources: str | Path | Sequence[str | Path],
    out: str | Path,
    options: FixOptions | None = None,
    *,
    dry_run: bool = False,
    config: Config | None = None,
    read_config: bool = True,
    progress: Callable[[int, int], None] | None = None,
    **settings: Any,
) -> FixResult:
    """Check ``sources`` and write a training-ready copy of the usable files under ``out``.

    ``options`` (or keywords naming :class:`FixOptions` fields, e.g. ``target_rate=48000,
    loudness=None``) say what is done to each file; other keywords are check settings, as for
    :func:`audiolint.check` (``jobs=2``). ``dry_run`` plans and writes nothing. Raises
    :class:`FileNotFoundError` for a missing source and
    :class:`~audiolint.outputs.OutputRefused` when ``out`` is a source, inside one, or not empty.
    """
    from audiolint import __version__, configfile, outputs, pipeline
    from audiolint.discover import discover, missing
    from audiolint.fixer import manifest, plan

    sources = [sources] if isinstance(sources, (str, Path)) else list(sources)
    for src in sources:
        if missing(src):
            raise FileNotFoundError(f"no such file or directory: {src}")
    names = {f.name for f in dataclasses.fields(FixOptions)}
    chosen = {k: settings.pop(k) for k in list(settings) if k in names}
    if config is None and read_config:
        config, _ = configfile.resolve(sources, None, {"analyse": True, **settings})
    else:
        config = configfile.complete(dataclasses.replace(config or Config(), **settings))
    options = dataclasses.replace(options or FixOptions(), **chosen)
    if "target_rate" not in chosen:  # the check's: --target-rate, or target-rate in the file
        from audiolint import engine
        from audiolint.rules import low_sample_rate

        rate = config.target_rate or engine.options_for(low_sample_rate, config)["target_rate"]
        options = dataclasses.replace(options, target_rate=rate)
    reason = refusal(sources, out)
    if reason:
        raise outputs.OutputRefused(reason)
    config = dataclasses.replace(config, analyse=True, cache_dir=None, keep_artifacts=False)
    config, skipped = lean(config)
    report = pipeline.run(sources, config, progress=progress)
    found = discover(sources, config.exclude, config.follow_links, config.respect_gitignore)
    paths = {pipeline.display_path(p): p for p in found.files}
    jobs = plan.build(report, paths, [Path(s) for s in sources], options)
    dst = Path(out)
    outcomes: list = [None] * len(jobs)
    recheck = not dry_run and config.dataset and any(_hidden(j) for j in jobs if j.output)
    if not dry_run and jobs:
        for job in jobs:
            if job.output is not None:
                outputs.guard(dst / job.output, sources, "--out")
        dst.mkdir(parents=True, exist_ok=True)
        outcomes = _write(jobs, options, dst, config, progress, recheck)
    result = FixResult(
        entries=tuple(Entry(j, o) for j, o in zip(jobs, outcomes, strict=True)),
        options=options,
        sources=tuple(str(s) for s in sources),
        out=str(out),
        dry_run=dry_run,
        dataset_findings=tuple((f.rule, f.severity, f.message) for f in report.dataset_findings),
        rules_skipped=skipped,
        copies_rechecked=bool(recheck),
        tool_version=__version__,
    )
    if not dry_run and jobs:
        manifest.write(result, dst)
    return result
