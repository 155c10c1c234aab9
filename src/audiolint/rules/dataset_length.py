"""Dataset length: too little usable (non-silent) audio in the whole dataset to train a voice.

RVC's FAQ recommends 10 to 50 minutes of clean audio; models trained on under a minute have not
been reported to work. Usable time is the non-silent time the signal analysis measured; for
files it could not measure (header-only runs, undecodable files) the whole duration counts, and
the message says so. A file whose audio repeats an earlier one's (a D003 duplicate) adds nothing
and is not counted, nor is one whose audio sits inside a longer file (a slice kept beside the
recording it was cut from: the longer file holds its time). Files that share only part of
their audio (windows cut with an overlap, each half repeated in the next) are neither, and
count in full: 19 windows of 6 s every 3 s over 44.7 s of speech read 84 s (review 41). Nor
does a file S007 found no voice in this run count (music, noise or a tone: nothing for a voice
model to learn; where S007 did not run on it, not selected or ignored, it counts): a folder of
3.9 s of speech beside 33 s of guitar, noise and hum read "41.1 s of usable audio" (review
42). A folder is a dataset, even one holding a single recording (a common RVC set: one long
WAV); files named on their own are file checks, so such a run waits for ``min_files`` readable
files.
"""

from __future__ import annotations

from audiolint.rules.base import DatasetContext, Problem
from audiolint.text import duration_text, left_out

ID = "D001"
NAME = "dataset-length"
TERM = "Dataset length"
SEVERITY = "warning"
SCOPE = "dataset"
REQUIRES = "probe"
ANALYSERS = ("silence", "fingerprint")  # usable time, less repeated copies
DEFAULT = {"min_minutes": 10.0, "error_minutes": 1.0, "min_files": 2}


def check(ctx: DatasetContext, options: dict):
    """Yield an error under ``error_minutes`` of usable audio, a warning under ``min_minutes``."""
    readable, total, guessed = 0, 0.0, 0  # running totals: nothing kept per file
    for i, f in enumerate(ctx.files):
        if f.probe.readable:
            seconds, ok = f.usable_seconds()
            readable, total, guessed = readable + 1, total + seconds, guessed + (not ok)
            if "S007" in f.fired:  # no voice found: no usable time for a voice model
                ctx.voiceless.add(i)
    if readable < (1 if ctx.folders else options["min_files"]):
        return
    ctx.matches()  # the files matched once (D003 shares them), then their repeated time
    repeated, copies, inside, voiceless = ctx.repeated_seconds() or (0.0, 0, 0, 0)
    total -= repeated
    if total >= options["min_minutes"] * 60:
        return
    files = f"{readable} file{'s' if readable != 1 else ''}"
    if not guessed:
        what = f"only {duration_text(total)} of usable audio in {files}"
    elif guessed == readable:
        what = f"only {duration_text(total)} of audio in {files} (total time: silence not measured)"
    else:
        what = (
            f"only {duration_text(total)} of audio in {files} ({guessed} counted in full: "
            "silence not measured)"
        )
    if left := left_out(copies, inside, voiceless):
        what += f" (not counting {left})"
    minimum = options["min_minutes"]
    if minimum == 10:
        message = f"{what}; RVC's FAQ recommends 10-50 minutes"
    else:
        message = f"{what}; aim for at least {minimum:g} minutes"
    severity = "error" if total < options["error_minutes"] * 60 else None
    yield Problem(
        message,
        severity=severity,
        data={
            "usable_duration_s": round(total, 3),
            "files": readable,
            "files_not_measured": guessed,
            "duplicate_copies": copies,
            "contained_copies": inside,
            "voiceless_files": voiceless,
            "min_minutes": options["min_minutes"],
        },
    )
