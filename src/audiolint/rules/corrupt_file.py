"""Corrupt file: the file is empty, truncated, not audio, or no backend can read it.

A broken file makes preprocessing crash or silently drops material; remove or re-export it.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "F001"
NAME = "corrupt-file"
TERM = "Corrupt file"
SEVERITY = "error"
SCOPE = "file"
REQUIRES = "probe"
ANALYSERS = ("decode",)  # decoding errors (truncation, damaged frames)
DEFAULT: dict = {}
KINDS = ("corrupt", "truncated")
VERDICT = "{n} corrupt {files}"  # the verdict's words: unreadable, truncated or damaged inside


def check(ctx: FileContext, options: dict):
    """Yield one problem for each integrity problem the probe or decoder found."""
    for problem in ctx.probe.problems:
        if problem.kind in KINDS:
            yield Problem(problem.message, data=dict(problem.data))
    for message in ctx.decode_errors:
        yield Problem(message)
