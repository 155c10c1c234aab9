"""File extension: the content does not match the file's extension.

A renamed file (an MP3 saved as ``.wav``) hides a lossy source and confuses tools that trust
the name.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "F002"
NAME = "extension-mismatch"
TERM = "File extension"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "probe"
ANALYSERS = ()
DEFAULT: dict = {}

_NAMES = {
    "wav": "WAV",
    "flac": "FLAC",
    "aiff": "AIFF",
    "mp3": "MP3",
    "ogg": "Ogg",
    "mp4": "MP4/M4A",
    "asf": "WMA/ASF",
    "adts": "raw AAC",
    "caf": "CAF",
    "au": "AU",
    "w64": "Wave64",
}


def check(ctx: FileContext, options: dict):
    """Yield a problem when the sniffed container differs from what the extension promises."""
    got, want = ctx.probe.detected, ctx.probe.expected
    if got and want and got != want:
        ext = ctx.path.suffix
        yield Problem(
            f"named {ext} but the content is {_NAMES.get(got, got)}: rename it to match",
            data={"extension": ext, "content": got},
        )
