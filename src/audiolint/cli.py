"""Command-line interface: parse options, run the pipeline, pick a reporter. Nothing else.

Exit codes: 0 nothing at or above ``--fail-on``; 1 something was; 2 usage or configuration error
(or an unexpected internal error, as a one-line message; ``--debug`` shows its traceback).
"""

from __future__ import annotations

import importlib
import os
import sys
from contextlib import contextmanager

import click
from click.core import ParameterSource

from audiolint import __version__
from audiolint.cli_errors import AudiolintGroup, debug_option, internal_message
from audiolint.config import CACHE_DIR, EXECUTORS, FAIL_ON, FORMAT_NAMES
from audiolint.errors import AudiolintError
from audiolint.models import SEVERITY_RANK


class _Lazy:
    """A module imported on first attribute access: ``--version`` and ``--help`` start without
    numpy, soundfile, rich or the analysers (issue 14)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        return getattr(importlib.import_module(self._name), attr)


baseline = _Lazy("audiolint.baseline")
configfile = _Lazy("audiolint.configfile")
discover = _Lazy("audiolint.discover")
outputs = _Lazy("audiolint.outputs")
pipeline = _Lazy("audiolint.pipeline")
progress = _Lazy("audiolint.progress")
report = _Lazy("audiolint.report")
common = _Lazy("audiolint.report.common")
explain_view = _Lazy("audiolint.report.explain_view")
console = _Lazy("audiolint.report.console")


@contextmanager
def _output(path):
    if path in (None, "-"):
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            yield fh


def _exit_code(rep, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    worst = rep.worst()
    return 1 if worst and SEVERITY_RANK[worst] >= SEVERITY_RANK[fail_on] else 0


def _missing(rep_paths) -> None:
    for p in rep_paths:
        click.echo(f"audiolint: no such file or directory: {pipeline.display_path(p)}", err=True)


format_option = click.option(
    "--format",
    "fmt",
    default="terminal",
    show_default=True,
    type=click.Choice(sorted(FORMAT_NAMES)),
    help="Output format.",
)
output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)


color_option = click.option(
    "--color/--no-color", default=None, help="Force colour on or off (default: only on a terminal)."
)


@click.group(cls=AudiolintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="audiolint")
@debug_option
def cli() -> None:
    """Inspect audio files and check voice-model datasets, explaining every finding."""


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


@cli.command()
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
@click.option("--verbose", "-v", is_flag=True, help="List clean files too.")
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
    _missing(missing)
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
        with _output(output) as stream:
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
    sys.exit(0 if exit_zero else _exit_code(rep, config.fail_on))


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
    with _output(output) as stream, progress.bar(False if no_progress else None) as update:
        sink = _Sink(stream)
        tail = jsonl.render_stream(run, sink, update)
        sink.flush()
    missing = [p for p in paths if discover.missing(p)]
    _missing(missing)
    if not tail.counts["files"] and (missing or not exit_zero):
        if not missing:
            click.echo(f"audiolint: no audio files found in {', '.join(paths)}", err=True)
        sys.exit(2)
    sys.exit(0 if exit_zero else _exit_code(tail, config.fail_on))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    default="terminal",
    show_default=True,
    type=click.Choice(["terminal", "json"]),
    help="Output format.",
)
@output_option
@color_option
@click.option("--explain", is_flag=True, help="Add the full glossary definition of each term.")
@debug_option
@click.option(
    "--spectrogram",
    type=click.Path(dir_okay=False, writable=True),
    help="Write a spectrogram PNG with the detected cut-off marked (several files: -1, -2...).",
)
def inspect(files, fmt, output, color, explain, spectrogram) -> None:
    """Show a file's format, codec, sample rate, bit depth, duration, bitrate and encoder."""
    outputs.guard_each(files, {"--output": output, "--spectrogram": spectrogram})
    missing = [f for f in files if discover.missing(f)]
    _missing(missing)
    present = [f for f in files if f not in missing]
    # The same settings as check (audiolint.toml: target rate, rule options, ignores).
    config, _source = configfile.resolve(present, None, {"keep_artifacts": bool(spectrogram)})
    rep = pipeline.run(present, config)
    with _output(output) as stream:
        if fmt == "json":
            report.get("json").render(rep, stream)
        else:
            from audiolint.report import inspect_view

            inspect_view.render(rep, stream, color=color, explain=explain)
    if spectrogram:
        _write_spectrograms(rep, spectrogram, files)
    sys.exit(2 if missing else 0)


def _write_spectrograms(rep, target: str, inputs) -> None:
    from pathlib import Path

    from audiolint.plot import spectrogram_png, why_none

    out = Path(target)
    paths = [
        out if len(rep.files) == 1 else out.with_name(f"{out.stem}-{i}{out.suffix}")
        for i in range(1, len(rep.files) + 1)
    ]
    for path in paths:  # all refused or all written
        outputs.guard(path, inputs, "--spectrogram")
    for fr, path in zip(rep.files, paths, strict=True):
        art = fr.artifacts.get("spectrogram")
        if art is None:
            duration = fr.properties.duration_s if fr.properties else None
            why = why_none(fr.fidelity, fr.signal, duration)
            click.echo(f"audiolint: no spectrogram for {fr.path}: {why}", err=True)
            continue
        path.write_bytes(spectrogram_png(art, width=800, height=256))
        click.echo(f"spectrogram of {fr.path} written to {path}", err=True)


@cli.command()
@click.argument("name", nargs=-1, required=True)
@color_option
def explain(name, color) -> None:
    """Explain a glossary term ("bitrate", "sr") or a rule ("Q003", "low-sample-rate")."""
    text = " ".join(name)
    if not explain_view.explain(text, console.make_console(sys.stdout, color)):
        click.echo(
            f"audiolint: no term or rule called {text!r}.{explain_view.hint(text)}", err=True
        )
        sys.exit(2)


@cli.command(name="rules")
@color_option
def list_rules(color) -> None:
    """List every rule with its ID, default severity and glossary term."""
    explain_view.rule_table(console.make_console(sys.stdout, color))


@cli.command(name="glossary")
@color_option
def list_glossary(color) -> None:
    """List every glossary term with its one-line meaning."""
    explain_view.glossary_table(console.make_console(sys.stdout, color))


@cli.command(name="schema")
def json_schema() -> None:
    """Print the JSON Schema of the JSON report (shipped as audiolint/report/schema/)."""
    from audiolint.report import json_report

    click.echo(json_report.schema_text(), nl=False)


from audiolint.cli_fix import fix as _fix  # noqa: E402 - its own module, imports kept light

cli.add_command(_fix)


def _safe_streams() -> None:
    """Never fail on a character the terminal's encoding lacks (e.g. a name under LANG=C)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main() -> None:
    """Entry point: run the CLI; audiolint's own errors and anything unexpected become a
    one-line message (exit 2), unless ``--debug`` asks for the traceback."""
    debug = "--debug" in sys.argv[1:]
    _safe_streams()
    try:
        cli(standalone_mode=True)
    except AudiolintError as exc:  # ConfigError included
        if debug:
            raise
        click.echo(f"audiolint: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:
        if debug:
            raise
        click.echo(f"audiolint: {internal_message(exc)}", err=True)
        sys.exit(2)
