"""discover -> probe -> analyse -> check -> annotate, returning a :class:`Report`.

Each stage is a plain function so the CLI, the Python API and tests share one path; the run
itself (file reports one by one, then the dataset rules) is :mod:`audiolint.streaming`'s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from audiolint import engine, rules
from audiolint.analysis import analyse
from audiolint.config import Config
from audiolint.context import FileContext
from audiolint.discover import discover
from audiolint.errors import AudiolintError, CorruptFileError, MissingExtraError
from audiolint.models import FileReport, Report
from audiolint.pathlist import Subset
from audiolint.probe import ProbeResult, lengths, probe
from audiolint.probe import preload as preload_probe
from audiolint.rules import internal_error
from audiolint.spill import Ints


def display_path(path: Path) -> str:
    """A printable form of a path: undecodable bytes shown as ``\\xNN``, never an error.

    Control characters are kept (machine formats need the real name); text reports pass it
    through :func:`audiolint.report.console.safe`."""
    text = str(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def probe_safely(path: Path) -> ProbeResult:
    """Probe a file; any failure to even open it becomes a ``corrupt`` anomaly."""
    try:
        return probe(path)
    except (OSError, AudiolintError) as exc:
        reason = exc.strerror.lower() if isinstance(exc, OSError) and exc.strerror else str(exc)
        return ProbeResult.broken(path, "corrupt", f"cannot be read: {reason}")


def build_context(path: Path, config: Config, on_probed=None) -> FileContext:
    """Probe one file (and, when enabled, analyse its signal) into a rule context.

    ``on_probed(duration_s)`` is called between the two steps (the executor uses it to give
    long files a longer time limit). Never raises for a bad file: an unexpected exception in
    probing or analysis becomes an ``internal`` problem on this file (rule F005).
    """
    start = time.perf_counter()
    display = display_path(path)
    traces = []
    try:
        result = probe_safely(path)
    except Exception as exc:
        message = internal_error.message("reading this file's headers", exc)
        result = ProbeResult.broken(path, "internal", message)
        traces.append(internal_error.trace(exc))
    ctx = FileContext(path=path, display=display, probe=result)
    if on_probed is not None:
        on_probed(ctx.props.duration_s if ctx.probe.readable else 0.0)  # judged impossible
    needs = needed_analysers(config)
    ctx.analysers = tuple(sorted(needs))  # a cached entry serves runs needing less
    if config.analyse and ctx.probe.readable and needs:
        try:
            analyse_into(ctx, config)
        except Exception as exc:
            message = internal_error.message("analysing this file's signal", exc)
            ctx.internal_errors.append(message)
            ctx.signal = ctx.fidelity = None
            traces.append(internal_error.trace(exc))
    if traces:
        ctx.traceback = "\n".join(traces)  # not cached; logged by run() for --debug
    ctx.elapsed_s = time.perf_counter() - start
    return ctx


def needed_analysers(config: Config) -> frozenset[str]:
    """The analysers this run needs: those the enabled rules read (their ``ANALYSERS``; a rule
    that does not say needs all), plus any analyser no rule claims (its figures are only for
    the records). Empty for a headers-only run, or when no selected rule reads the signal:
    ``--select Q003`` decodes nothing. Reports that draw (``keep_artifacts``) get everything."""
    if not config.analyse:
        return frozenset()
    from audiolint.analysis import registry  # every analyser: not for a --quick run

    every = frozenset(registry.FACTORIES) | {registry.DECODE}
    if config.keep_artifacts:
        return every
    claimed: set[str] = set()
    for rule in rules.ALL:
        claimed.update(getattr(rule, "ANALYSERS", every))
    names = set(every - claimed)
    chosen = engine.chosen(config)
    for scope in ("file", "dataset"):
        for rule in engine.enabled_rules(config, scope):
            if rule.ID in engine.ALWAYS and rule.ID not in chosen:
                continue  # reports what the selected rules meet; never a decode of its own
            names.update(getattr(rule, "ANALYSERS", every))
    return frozenset(names & every)


def analyse_into(ctx: FileContext, config: Config) -> None:
    """Decode the file once, run the analysers this run needs, and store the results on
    ``ctx``."""
    from audiolint.analysis import registry
    from audiolint.probe import decode  # numpy: not for a run the cache serves

    factories = registry.factories(needed_analysers(config))
    damage: list[decode.Damage] = []
    try:
        props = ctx.props
        stream = decode.blocks(ctx.path, props.container, decoder=props.decoder, damage=damage)
        results = analyse(stream, props, factories)
    except CorruptFileError as exc:
        ctx.decode_errors = [str(exc)]
        return
    except MissingExtraError as exc:
        ctx.not_analysed = str(exc)
        return
    decoded = results.get("frames", {}).get("frames")
    ctx.probe, errors = lengths.after_decode(ctx.probe, decoded, damage)
    ctx.decode_errors.extend(errors)
    # Keys starting with "_" are bulky by-products (arrays for plots): kept as artifacts,
    # never put in the JSON records.
    artifacts = ctx.artifacts if config.keep_artifacts else {}
    for result in results.values():
        for key in [k for k in result if k.startswith("_")]:
            artifacts[key.lstrip("_")] = result.pop(key)
    ctx.analysis = results  # every analyser's result, for rules and dataset rules
    signal = {}
    for name in registry.SIGNAL:
        signal.update(results.get(name, {}))
    ctx.signal = signal or None
    ctx.fidelity = results.get(registry.FIDELITY)


def file_report(ctx: FileContext, config: Config) -> FileReport:
    """Run the file rules on one context."""
    findings, checked = engine.check_file(ctx, config)
    return FileReport(
        path=ctx.display,
        properties=ctx.probe.properties,
        findings=findings,
        rules_run=checked,
        signal=ctx.signal,
        fidelity=ctx.fidelity,
        artifacts=ctx.artifacts,
        elapsed_s=ctx.elapsed_s,
    )


def _failed(path: Path, error: str, trace: str) -> FileContext:
    """The context of a file whose worker failed outright."""
    message = f"internal error while checking this file: {error}; please report it"
    ctx = FileContext(path, display_path(path), ProbeResult.broken(path, "internal", message))
    ctx.traceback = trace
    return ctx


# Cache entries are written in batches of this many (not once at the end: memory stays flat).
FLUSH_EVERY = 500


def executor(config: Config):
    """The pool that builds the contexts the cache cannot give: forked worker processes on
    this machine, or a Dask cluster (``config.executor == "dask"``, the ``audiolint[dask]``
    extra); both yield ``(index, context)`` as files finish."""
    if config.executor == "dask":
        from audiolint.executor_dask import DaskPool  # imports dask.distributed: only here

        return DaskPool(config)
    from audiolint.executor import Pool, default_jobs  # multiprocessing: for a cache miss only

    return Pool(config.jobs or default_jobs(), config, build_context, config.timeout)


def contexts(files: Sequence[Path], config: Config, progress=None) -> Iterator[FileContext]:
    """Every file's context, in input order, each as soon as it and the files before it are
    done: from the cache when unchanged, else from the :func:`executor`.

    ``progress(done, total)`` is called as files finish. A cache hit that must wait for an
    earlier file is read again when its turn comes, rather than held, and what is held per
    file is a few bytes (its key, whether it is a hit, its index if it is not): memory stays
    flat in the number of files whatever the mix of hits and misses."""
    store = settings = keys = key_of = None
    if config.cache_dir:  # sqlite3, json and hashlib load for a run with a cache only
        from audiolint import cache

        store, keys = cache.Cache(Path(config.cache_dir)), cache.Keys()
        settings, key_of = cache.settings(config), cache.key
    needs = needed_analysers(config)
    hit = bytearray(len(files))  # 1: in the cache, waiting for an earlier file
    ready: dict[int, FileContext] = {}  # built, waiting for an earlier file
    todo = Ints()  # the files the cache cannot give, in order (moved to a file when many)
    nxt = 0

    def look_up(i: int, path: Path) -> FileContext | None:
        start = time.perf_counter()
        got = store.get(keys[i], path, display_path(path), needs) if store else None
        if got is not None:
            got.elapsed_s = time.perf_counter() - start
        return got

    def in_order():
        nonlocal nxt
        while nxt < len(files) and (hit[nxt] or nxt in ready):
            ctx = ready.pop(nxt, None)
            if ctx is None:  # a hit, read again now (files[i] makes a new Path: once)
                path = files[nxt]
                ctx = look_up(nxt, path) or build_context(path, config)
            yield ctx
            nxt += 1

    try:
        for i, path in enumerate(files):
            if store:
                keys.append(key_of(path, settings))
            found = look_up(i, path)
            if found is None:
                todo.append(i)
            elif todo:
                hit[i] = 1
            else:
                ready[i] = found
                yield from in_order()
        done = len(files) - len(todo)
        if progress:
            progress(done, len(files))
        if todo:
            if needs:
                from audiolint.analysis import registry
                from audiolint.probe import decode  # noqa: F401 - the workers inherit it too

                registry.preload(needs)
            if len(todo) > 1:  # workers inherit these; one file's worker loads them itself
                preload_probe()
            for j, ctx in executor(config).run(Subset(files, todo), display_path, _failed):
                i = todo[j]
                ready[i] = ctx
                if store and not ctx.traceback and not ctx.timed_out:
                    store.put(keys[i], ctx)
                    if len(store.pending) >= FLUSH_EVERY:
                        store.flush()
                done += 1
                if progress:
                    progress(done, len(files))
                yield from in_order()
    finally:
        if store:
            store.close()


def collect(files: list[Path], config: Config, progress=None) -> list[FileContext]:
    """Every file's context (see :func:`contexts`), as one list in input order."""
    return list(contexts(files, config, progress))


def stream(paths, config: Config | None = None, compact: bool = False):
    """A check of ``paths`` that gives each file's report as it is done, then the dataset's
    (an :class:`audiolint.streaming.Check`: ``--format jsonl`` writes it line by line).
    ``compact`` packs each file's record into bytes in a store that moves to a temporary file
    once it fills (:mod:`audiolint.kept`, :mod:`audiolint.spill`): memory nearly flat in the
    number of files, for some CPU time each time the dataset rules read a record (worth it
    when no report is held anyway)."""
    from audiolint.kept import Kept
    from audiolint.streaming import Check  # it builds on this module's stages

    config = config or Config()
    found = discover(paths, config.exclude, config.follow_links, config.respect_gitignore)
    return Check(found, config, kept=Kept(display_path) if compact else [])


def run(paths, config: Config | None = None, progress=None) -> Report:
    """Check every audio file under ``paths`` and the dataset they form."""
    check = stream(paths, config)
    reports = list(check.files(progress))
    return check.report(reports)
