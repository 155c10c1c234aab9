"""Command-line interface: parse options, run the pipeline, pick a reporter. Nothing else.

Exit codes: 0 nothing at or above ``--fail-on``; 1 something was; 2 usage or configuration error
(or an unexpected internal error, as a one-line message; ``--debug`` shows its traceback).
``check`` lives in :mod:`audiolint.cli_check`, ``fix`` in :mod:`audiolint.cli_fix`, what the
commands share in :mod:`audiolint.cli_common`; this module registers them and holds the rest.
"""

from __future__ import annotations

import os
import sys

import click

from audiolint import __version__
from audiolint.cli_check import check
from audiolint.cli_common import (
    color_option,
    configfile,
    console,
    discover,
    echo_missing,
    explain_view,
    open_output,
    output_option,
    outputs,
    pipeline,
    report,
)
from audiolint.cli_errors import AudiolintGroup, debug_option, internal_message
from audiolint.cli_fix import fix
from audiolint.errors import AudiolintError


@click.group(cls=AudiolintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="audiolint")
@debug_option
def cli() -> None:
    """Inspect audio files and check voice-model datasets, explaining every finding."""


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
    echo_missing(missing)
    present = [f for f in files if f not in missing]
    # The same settings as check (audiolint.toml: target rate, rule options, ignores).
    config, _source = configfile.resolve(present, None, {"keep_artifacts": bool(spectrogram)})
    rep = pipeline.run(present, config)
    with open_output(output) as stream:
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
@click.option("--full", is_flag=True, help="A rule's whole text: how it is measured, with figures.")
@color_option
def explain(name, full, color) -> None:
    """Explain a glossary term ("bitrate", "sr") or a rule ("Q003", "low-sample-rate")."""
    text = " ".join(name)
    if not explain_view.explain(text, console.make_console(sys.stdout, color), full=full):
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


cli.add_command(check)
cli.add_command(fix)


def _safe_streams() -> None:
    """Never fail on a character the terminal's encoding lacks (e.g. a name under LANG=C)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _single_threaded_blas() -> None:
    """Before numpy loads (nothing imports it before a command runs): the command line
    analyses in worker processes, each held to one BLAS thread (:mod:`audiolint.executor`), so
    a BLAS thread pool started at numpy's import only costs start-up CPU (one-file check of a
    5 s FLAC: 0.65 -> 0.56 s CPU, benchmarks/startup.py). A user's own setting wins; the
    Python API leaves the host program's threads alone."""
    import audiolint

    for name in audiolint._BLAS:
        os.environ.setdefault(name, "1")
    if "numpy" not in sys.modules and all(os.environ[name] == "1" for name in audiolint._BLAS):
        audiolint._BLAS_PRESET = True  # see audiolint/__init__.py


def _no_collection_at_exit() -> None:
    """At exit, Python runs full garbage collections over every object still alive (numpy's,
    scipy's, the analysers': hundreds of thousands) before the process ends anyway: about
    0.045 s of CPU in a one-file check (benchmarks/startup.py). Frozen objects are skipped.
    Registered with atexit, so it runs only as the process ends, after everything else."""
    import atexit
    import gc

    atexit.unregister(gc.freeze)  # once, however often main() runs in one process
    atexit.register(gc.freeze)


# Until the command line forks its workers, a garbage collection runs every this many new
# objects (the usual first threshold is 700): see _collect_less_at_start.
START_THRESHOLD = 100_000


class _GcRun:
    """One call of :func:`main`: the caller's thresholds and frozen-object count on entry,
    whether its first fork came yet, and whether that fork froze start-up's objects."""

    __slots__ = ("thresholds", "host_frozen", "settled", "froze")

    def __init__(self, thresholds: tuple[int, int, int], host_frozen: int) -> None:
        self.thresholds, self.host_frozen = thresholds, host_frozen
        self.settled = self.froze = False


_runs: list[_GcRun] = []  # the calls of main() under way, innermost last
_fork_hook: list[bool] = []  # os.register_at_fork done (once a process: it cannot be undone)


def _settle_at_fork() -> None:
    """Before a run's first fork: what start-up made is frozen (never scanned again, in this
    process nor in the worker) and the caller's thresholds return. Forks outside main(), or
    after a run's first, are left alone. A host that froze objects of its own before calling
    main() keeps them frozen and finds nothing more frozen: this run then freezes nothing, since
    gc.unfreeze() cannot tell the host's frozen objects from ours (its workers scan start-up's
    objects again, as before any of this)."""
    import gc

    if not _runs or _runs[-1].settled:
        return
    run = _runs[-1]
    run.settled = True
    if run.host_frozen == 0:
        gc.freeze()
        run.froze = True
    gc.set_threshold(*run.thresholds)


def _collect_less_at_start() -> _GcRun:
    """Start-up (click, numpy, the analysers) creates some 300,000 objects that live to the
    end, and the 40-odd collections the usual thresholds run while they load scan them again
    and again: 10-15 ms of CPU in a one-file check, before any work. Until the command forks
    its workers a collection runs every START_THRESHOLD new objects (none in a one-file
    check); at the fork the objects made so far are frozen and the caller's thresholds return
    (:func:`_settle_at_fork`). A run that forks no worker (served from the cache) keeps the
    wider threshold: cyclic garbage is still collected, START_THRESHOLD objects apart. A
    caller's first threshold of 0 (collection off) or over START_THRESHOLD is kept."""
    import gc

    if not _fork_hook and hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_settle_at_fork)
        _fork_hook.append(True)
    run = _GcRun(gc.get_threshold(), gc.get_freeze_count())
    _runs.append(run)
    if 0 < run.thresholds[0] < START_THRESHOLD:
        gc.set_threshold(START_THRESHOLD, *run.thresholds[1:])
    return run


def _usual_collection(run: _GcRun) -> None:
    """As :func:`main` returns (in a host that called it): the thresholds the caller had on
    entry, and the objects this run froze at its fork collectable again."""
    import gc

    _runs.remove(run)
    if run.froze:
        gc.unfreeze()
    gc.set_threshold(*run.thresholds)


def main() -> None:
    """Entry point: run the CLI; audiolint's own errors and anything unexpected become a
    one-line message (exit 2), unless ``--debug`` asks for the traceback."""
    debug = "--debug" in sys.argv[1:]
    _single_threaded_blas()
    _no_collection_at_exit()
    gc_run = _collect_less_at_start()
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
    finally:
        _usual_collection(gc_run)
