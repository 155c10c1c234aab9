"""VBR without header: a VBR MP3 with no Xing/LAME header, whose stated duration is wrong.

Players and libraries estimate such a file's length from the first frame, so it is misreported;
audiolint counts the frames and reports the true length. Re-encode or rewrite the header.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "F003"
NAME = "vbr-without-header"
TERM = "Bitrate mode"
SEVERITY = "info"
SCOPE = "file"
REQUIRES = "readable"
ANALYSERS = ()
DEFAULT: dict = {}


def check(ctx: FileContext, options: dict):
    """Yield a problem when the probe found a VBR MP3 lacking its length header."""
    for problem in ctx.probe.problems:
        if problem.kind == "vbr-no-header":
            yield Problem(problem.message, data=dict(problem.data))
