"""Joined files: files joined end to end (MP3s joined by cat, chained Ogg streams).

Such a file plays through in FFmpeg, but its header counts the first file alone, so tools that
trust it (libsndfile, and soundfile and librosa on it) read only that part, and a training
tool may drop the rest without a word. audiolint walks every frame or page, measures the whole
file and decodes it all with FFmpeg. Re-encode it as one file (or split it).
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "F006"
NAME = "joined-files"
TERM = "Container"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "readable"
ANALYSERS = ()
DEFAULT: dict = {}


def check(ctx: FileContext, options: dict):
    """Yield a problem when the probe found files joined end to end in this one."""
    for problem in ctx.probe.problems:
        if problem.kind == "joined":
            yield Problem(problem.message, data=dict(problem.data))
