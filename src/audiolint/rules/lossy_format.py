"""Lossy format: the file uses a lossy codec (MP3, AAC, Vorbis, Opus, WMA...).

Lossy codecs discard detail, mostly high frequencies, and leave artefacts a voice model can
learn. Use the WAV or FLAC original when there is one.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem
from audiolint.text import codec_name

ID = "Q001"
NAME = "lossy-format"
TERM = "Lossy formats"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "readable"
ANALYSERS = ()
DEFAULT: dict = {}


def check(ctx: FileContext, options: dict):
    """Yield a problem when the codec is lossy."""
    p = ctx.props
    if p.lossless is False:
        yield Problem(
            f"lossy {codec_name(p.codec, 'codec')}: detail thrown away by the encoder "
            "cannot be restored; prefer a WAV or FLAC source",
            data={"codec": p.codec},
        )
