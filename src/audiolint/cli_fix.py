"""``audiolint fix SRC... --out DST``: the command line of :mod:`audiolint.fixer`.

Kept out of :mod:`audiolint.cli` (which only registers it) and light at import: numpy, the
analysers and the resampler load when the command runs, not for ``audiolint --version``.
Exit codes: 0 the copy was written (or planned, with ``--dry-run``); 1 some file failed to be
written; 2 a usage error, a refused ``--out``, or no audio found.
"""

from __future__ import annotations

import sys

import click

from audiolint.cli_errors import debug_option


def _loudness(_ctx, _param, value: str):
    if value.lower() == "off":
        return None
    try:
        lufs = float(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a LUFS figure or 'off'") from None
    if not -60.0 <= lufs <= -5.0:
        raise click.BadParameter(f"{lufs:g} LUFS is outside -60..-5")
    return lufs


@click.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@click.option("--out", "-o", "out", required=True, type=click.Path(), help="A new or empty folder.")
@click.option(
    "--target-rate",
    type=click.IntRange(8000, 384000),
    default=None,
    help="The rate to write (default: the configured target, else 40000). Never upsamples.",
)
@click.option("--format", "fmt", type=click.Choice(["flac", "wav"]), default="flac",
              show_default=True, help="File format of the copies.")  # fmt: skip
@click.option("--bits", type=click.Choice(["16", "24"]), default="16", show_default=True,
              help="Bit depth of the copies (with TPDF dither).")  # fmt: skip
@click.option("--mono/--keep-channels", default=True, show_default=True,
              help="Mix to mono (anti-phase stereo keeps its louder channel).")  # fmt: skip
@click.option("--trim/--no-trim", default=True, show_default=True,
              help="Trim edge silence below -42 dBFS (RVC's slicer), keeping 0.2 s.")  # fmt: skip
@click.option("--loudness", default="-23", show_default=True, callback=_loudness,
              help="Integrated loudness target in LUFS (true peak kept under -1 dBTP), "
              "or 'off'.")  # fmt: skip
@click.option("--keep-suspect", is_flag=True,
              help="Write fake-lossless files (T001 transcoded, T002 upsampled) too.")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@click.option("--verbose", "-v", is_flag=True, help="List every file written.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")  # fmt: skip
@click.option("--no-progress", is_flag=True, help="Draw no progress bar.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Read check settings from this TOML file.")  # fmt: skip
@debug_option
def fix(sources, out, target_rate, fmt, bits, mono, trim, loudness, keep_suspect, dry_run,
        verbose, jobs, no_progress, config_file) -> None:  # fmt: skip
    """Write a training-ready copy of SOURCES under --out, never touching the originals.

    Checks the files first; leaves out the unreadable, fake-lossless, duplicate, heavily
    clipped, silent and too-short ones (each with the finding why); writes the rest with DC
    removed, mixed to mono, edge silence trimmed, loudness normalised, resampled down, as FLAC
    or WAV with dither, under safe names. audiolint-fix.json and .csv record it all.
    """
    from audiolint import configfile, fixer, outputs, progress
    from audiolint.discover import missing
    from audiolint.fixer import manifest

    gone = [s for s in sources if missing(s)]
    for s in gone:
        click.echo(f"audiolint: no such file or directory: {s}", err=True)
    if gone:
        sys.exit(2)
    reason = fixer.refusal(sources, out)
    if reason:
        raise outputs.OutputRefused(reason)
    flags = {"analyse": True, "jobs": jobs}
    if target_rate:
        flags["target_rate"] = target_rate  # the check's Q003 judges against the same rate
    config, _source = configfile.resolve(sources, config_file, flags)
    chosen = {"fmt": fmt, "bits": int(bits), "mono": mono, "trim": trim, "loudness": loudness,
              "keep_suspect": keep_suspect}  # fmt: skip
    if target_rate:
        chosen["target_rate"] = target_rate
    with progress.bar(False if no_progress else None) as update:
        result = fixer.fix(sources, out, dry_run=dry_run, config=config, progress=update,
                            **chosen)  # fmt: skip
    if not result.entries:
        click.echo(f"audiolint: no audio files found in {', '.join(sources)}", err=True)
        sys.exit(2)
    for line in manifest.lines(result, verbose=verbose):
        click.echo(line)
    sys.exit(1 if result.of("failed") else 0)
