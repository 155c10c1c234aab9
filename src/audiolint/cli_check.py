"""``audiolint check PATHS...``: its options, how they fold into the configuration, and the
streamed JSON Lines run.

Kept out of :mod:`audiolint.cli` (which only registers it) and light at import, like the rest
of the command line. Exit codes: 0 nothing at or above ``--fail-on``; 1 something was; 2 a usage
or configuration error, or no audio found.
"""

from __future__ import annotations

import importlib
import os
import sys

import click
from click.core import ParameterSource

from audiolint.cli_common import (
    baseline,
    color_option,
    common,
    configfile,
    discover,
    echo_missing,
    exit_code,
    format_option,
    open_output,
    output_option,
    outputs,
    pipeline,
    progress,
    report,
)
from audiolint.cli_errors import debug_option
from audiolint.config import CACHE_DIR, EXECUTORS, FAIL_ON


def _split(selectors) -> tuple[str, ...]:
    """Selectors given as repeated options and/or comma lists (``--ignore Q001,T004``)."""
    return tuple(part.strip() for s in selectors for part in s.split(",") if part.strip())


def _given(**values) -> dict:
    """The subset of ``values`` the user typed (not click defaults), as Config fields."""
    ctx = click.get_current_context()
    out = {}
    for name, value in values.items():
        if ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT):
            out[name] = tuple(value) if isinstance(value, (list, tuple)) else value
    return out


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(), metavar="PATHS...")
@format_option
@output_option
@color_option
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this severity is found.",
)
@click.option(
    "--target-rate",
    type=click.IntRange(8000, 384000),
    default=40000,
    show_default=True,
    help="The sample rate your model trains at (RVC: 32000, 40000 or 48000).",
)
@click.option(
    "--select", multiple=True, help="Only these rules (ID, prefix or name; replaces the config's)."
)
@click.option("--extend-select", multiple=True, help="These rules too, on top of the config's.")
@click.option("--ignore", multiple=True, help="Skip these rules too (adds to the config's).")
@click.option("--extend-ignore", multiple=True, hidden=True, help="The same as --ignore.")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="List clean files too (the terminal format; the html report always does).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores).",
)
@click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    default="local",
    show_default=True,
    help="Where files are analysed: worker processes here, or a Dask cluster "
    "(pip install 'audiolint[dask]').",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --executor dask: a running scheduler (tcp://host:8786); default: a local cluster.",
)
@click.option(
    "--quick",
    is_flag=True,
    help="Headers only: no decoding, for a fast inventory of a large folder.",
)
@click.option(
    "--dataset/--no-dataset",
    default=True,
    help="Judge the files together as a dataset (D001-D004), or each on its own (pre-commit).",
)
@click.option("--no-progress", is_flag=True, help="Draw no progress bar (notebooks, logs).")
@click.option("--follow-links", is_flag=True, help="Follow links to folders outside PATHS too.")
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=True,
    help="In a git work tree, skip files .gitignore ignores (default: on).",
)
@click.option(
    "--show-settings", is_flag=True, help="Print the resolved settings and exit (checks nothing)."
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    default=CACHE_DIR,
    show_default=True,
    help="Where to keep the result cache.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=None,
    help="Seconds a file may take, plus 0.2 s per second of audio (default 60).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Read settings from this TOML file instead of searching for one.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings would fail the run.")
@click.option("--statistics", is_flag=True, help="Count findings per rule after the report.")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="Fail only on findings not recorded in FILE (written from this run if missing).",
)
@click.option(
    "--write-baseline", is_flag=True, help="With --baseline: (re)write FILE from this run."
)
@debug_option
def check(
    paths,
    fmt,
    output,
    color,
    fail_on,
    target_rate,
    select,
    extend_select,
    ignore,
    extend_ignore,
    verbose,
    jobs,
    executor,
    scheduler,
    quick,
    dataset,
    no_progress,
    follow_links,
    respect_gitignore,
    show_settings,
    no_cache,
    cache_dir,
    timeout,
    config_file,
    exit_zero,
    statistics,
    baseline_file,
    write_baseline,
) -> None:
    """Check audio files and folders (recursively) for problems that hurt a voice model."""
    if not paths and not show_settings:
        raise click.MissingParameter(param=click.get_current_context().command.params[0])
    paths = paths or (".",)  # --show-settings alone: as for the current folder, like ruff
    if write_baseline and not baseline_file:
        raise click.UsageError("--write-baseline needs --baseline FILE")
    # Selectors layer over the configuration's as in ruff: --select replaces, the rest add.
    layer = {"select": _split(select), "extend_select": _split(extend_select)}
    layer["ignore"] = _split(ignore + extend_ignore)  # --ignore Q001,T004 as ruff takes it
    flags = _given(target_rate=target_rate, fail_on=fail_on, respect_gitignore=respect_gitignore)
    flags.update(
        jobs=jobs,
        executor=executor,
        scheduler=scheduler,
        analyse=not quick,
        dataset=dataset,
        follow_links=follow_links,
        cache_dir=None if no_cache else cache_dir,
        timeout=timeout,
        keep_artifacts=fmt == "html",  # the HTML report draws spectrograms
    )
    config, source = configfile.resolve(paths, config_file, flags, layer)
    if show_settings:
        from audiolint.settings_view import show

        show(config, source, paths, fmt=fmt, stream=sys.stdout)
        return
    writes_baseline = baseline_file and (write_baseline or not os.path.exists(baseline_file))
    targets = {"--output": output, "--baseline": baseline_file if writes_baseline else None}
    outputs.guard_each(paths, {**targets, "--cache-dir": config.cache_dir})
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    if executor == "dask":
        importlib.import_module("audiolint.executor_dask").require()  # one line if missing
    if fmt == "jsonl" and not baseline_file and not statistics:
        _check_streamed(paths, config, output, no_progress, exit_zero)
    with progress.bar(False if no_progress else None) as update:
        rep = pipeline.run(paths, config, progress=update)
    missing = [p for p in paths if discover.missing(p)]
    echo_missing(missing)
    if not rep.files and missing:
        sys.exit(2)
    wrote = None
    if writes_baseline:
        wrote = baseline.write(rep, baseline_file)
    if baseline_file:
        rep = baseline.apply(rep, baseline_file)
    # dataset findings belong to the folder checked, never to one of several files named
    root = paths[0] if len(paths) == 1 and os.path.isdir(paths[0]) else None
    opts = {"color": color, "verbose": verbose, "config": config, "root": root}
    try:
        with open_output(output) as stream:
            report.get(fmt).render(rep, stream, baseline=bool(baseline_file), **opts)
            if statistics:
                to_stderr = output in (None, "-") and fmt in common.MACHINE
                common.write_statistics(rep, sys.stderr if to_stderr else sys.stdout)
            stream.flush()
    except BrokenPipeError:  # `| head`: the reader has what it wanted; the run's result stands
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if wrote is not None:
        click.echo(f"audiolint: recorded {wrote} findings in {baseline_file}", err=True)
    if not rep.files and not exit_zero:
        # a mistyped or empty CI path must not pass as "nothing wrong"
        click.echo(f"audiolint: no audio files found in {', '.join(paths)}", err=True)
        sys.exit(2)
    sys.exit(0 if exit_zero else exit_code(rep, config.fail_on))


class _Sink:
    """Standard output or a file, where a reader that goes away (``| head``) ends the writing,
    not the run: the rest goes to /dev/null and the run's exit code stands."""

    def __init__(self, stream):
        self.stream, self.closed = stream, False

    def write(self, text: str) -> None:
        self._do(self.stream.write, text)

    def flush(self) -> None:
        self._do(self.stream.flush)

    def _do(self, method, *args) -> None:
        if self.closed:
            return
        try:
            method(*args)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            self.closed = True


def _check_streamed(paths, config, output, no_progress, exit_zero) -> None:
    """``check --format jsonl``: each file's line written as soon as it is done, the dataset's
    at the end; no report is built (a baseline or --statistics needs one: not streamed)."""
    from audiolint.report import jsonl

    run = pipeline.stream(paths, config, compact=True)
    with open_output(output) as stream, progress.bar(False if no_progress else None) as update:
        sink = _Sink(stream)
        tail = jsonl.render_stream(run, sink, update)
        sink.flush()
    missing = [p for p in paths if discover.missing(p)]
    echo_missing(missing)
    if not tail.counts["files"] and (missing or not exit_zero):
        if not missing:
            click.echo(f"audiolint: no audio files found in {', '.join(paths)}", err=True)
        sys.exit(2)
    sys.exit(0 if exit_zero else exit_code(tail, config.fail_on))
