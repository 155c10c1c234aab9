"""The soundfile (libsndfile) backend: exact frame counts and sample formats.

libsndfile reads WAV (all PCM/float variants and extensible headers), FLAC, AIFF, Ogg
Vorbis/Opus and MP3, but not MP4/M4A or ASF/WMA; those fall to the mutagen backend.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CONTAINERS = {
    "WAV": "wav",
    "WAVEX": "wav",
    "RF64": "wav",
    "W64": "w64",
    "FLAC": "flac",
    "AIFF": "aiff",
    "OGG": "ogg",
    "MP3": "mp3",
    "CAF": "caf",
    "AU": "au",
}
UNKNOWN_FRAMES = 1 << 62  # libsndfile's SF_COUNT_MAX (2**63 - 1) means "not known"
# subtype -> (codec, bit depth, sample format); bit depth None for lossy codecs.
SUBTYPES: dict[str, tuple[str, int | None, str | None]] = {
    "PCM_S8": ("pcm", 8, "int"),
    "PCM_U8": ("pcm", 8, "int"),
    "PCM_16": ("pcm", 16, "int"),
    "PCM_24": ("pcm", 24, "int"),
    "PCM_32": ("pcm", 32, "int"),
    "FLOAT": ("pcm", 32, "float"),
    "DOUBLE": ("pcm", 64, "float"),
    "ULAW": ("ulaw", None, None),
    "ALAW": ("alaw", None, None),
    "IMA_ADPCM": ("adpcm", None, None),
    "MS_ADPCM": ("adpcm", None, None),
    "GSM610": ("gsm", None, None),
    "VORBIS": ("vorbis", None, None),
    "OPUS": ("opus", None, None),
    "MPEG_LAYER_III": ("mp3", None, None),
    "MPEG_LAYER_II": ("mp2", None, None),
    "MPEG_LAYER_I": ("mp1", None, None),
    "ALAC_16": ("alac", 16, "int"),
    "ALAC_20": ("alac", 20, "int"),
    "ALAC_24": ("alac", 24, "int"),
    "ALAC_32": ("alac", 32, "int"),
}


@dataclass(frozen=True)
class SfInfo:
    """Typed stream info from libsndfile."""

    container: str
    codec: str
    bit_depth: int | None
    sample_format: str | None
    sample_rate: int
    channels: int
    frames: int | None  # None: not stated (a FLAC written to a pipe)
    software: str | None


def read(path: Path) -> SfInfo:
    """Read stream info with libsndfile (raises ``LibsndfileError``/``RuntimeError``)."""
    import soundfile as sf  # here, not at start-up: a run from the cache never needs it

    with sf.SoundFile(os.fsencode(path)) as f:
        container = CONTAINERS.get(f.format, f.format.lower())
        codec, depth, sample_format = SUBTYPES.get(f.subtype, (f.subtype.lower(), None, None))
        if container == "flac" and codec == "pcm":
            codec, sample_format = "flac", "int"
        try:
            software = f.software or None
        except (AttributeError, RuntimeError):
            software = None
        # a FLAC whose STREAMINFO leaves the total at 0 (FFmpeg writing to a pipe) reads as
        # libsndfile's largest count: "the header claims 9,223,372,036,854,775,807 samples"
        frames = None if f.frames >= UNKNOWN_FRAMES else f.frames
        return SfInfo(
            container, codec, depth, sample_format, f.samplerate, f.channels, frames, software
        )
