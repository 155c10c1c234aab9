"""The mutagen backend: nominal bitrates, bitrate modes, encoders, and MP4/ASF streams.

mutagen parses headers of every format audiolint knows, including M4A (AAC/ALAC) and WMA that
libsndfile cannot open. It does not decode audio.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from audiolint.probe import plain_headers
from audiolint.probe.sanity import as_count


@dataclass(frozen=True)
class MgInfo:
    """Typed stream info from mutagen; fields it cannot know are ``None``."""

    kind: str
    codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    bit_depth: int | None = None
    duration_s: float | None = None
    bitrate_bps: int | None = None
    bitrate_mode: str | None = None
    encoder: str | None = None


def _mp4_codec(info) -> str:
    codec = (getattr(info, "codec", "") or "").lower()
    if codec.startswith("mp4a"):
        return "aac"
    return {"alac": "alac", "ac-3": "ac3", "ec-3": "eac3", "fla": "flac"}.get(codec, codec or "aac")


def _vendor(tags) -> str | None:
    vendor = getattr(tags, "vendor", None)
    return vendor.strip() or None if isinstance(vendor, str) else None


def _first_tag(tags, *keys: str) -> str | None:
    for key in keys:
        try:
            value = tags[key] if tags is not None and key in tags else None
        except (KeyError, ValueError, TypeError):
            value = None
        if value:
            item = value[0] if isinstance(value, list) else value
            return str(getattr(item, "text", [item])[0] if hasattr(item, "text") else item)
    return None


# The mutagen format classes that can read each container the bytes name, by module and class:
# a file whose name agrees with its bytes is scored against these alone, so a one-file run
# imports one format module (mutagen.mp3 for an MP3) instead of all twenty-five (issue 14). A
# plain FLAC or WAV needs none: :mod:`audiolint.probe.plain_headers` reads it as mutagen would.
FORMATS: dict[str, tuple[tuple[str, str], ...]] = {
    "wav": (("wave", "WAVE"),),
    "flac": (("flac", "FLAC"),),
    "aiff": (("aiff", "AIFF"),),
    "mp3": (("mp3", "MP3"),),
    "mp4": (("mp4", "MP4"),),
    "asf": (("asf", "ASF"),),
    "wavpack": (("wavpack", "WavPack"),),
    "ape": (("monkeysaudio", "MonkeysAudio"),),
    "ac3": (("ac3", "AC3"),),
    "adts": (("aac", "AAC"),),
    "ogg": tuple(
        (m, c)
        for m, c in [("oggvorbis", "OggVorbis"), ("oggopus", "OggOpus"), ("oggflac", "OggFLAC")]
        + [("oggspeex", "OggSpeex"), ("oggtheora", "OggTheora")]
    ),
}


def _classes(container: str | None) -> list | None:
    """The mutagen classes for ``container`` (imported now), or None: score them all."""
    if container not in FORMATS:
        return None
    import importlib

    return [
        getattr(importlib.import_module(f"mutagen.{m}"), name) for m, name in FORMATS[container]
    ]


@cache
def load():
    """mutagen, with its format modules imported (which its first ``File()`` call would do):
    loaded on first use, or before forking workers that then inherit it (:func:`preload`)."""
    import mutagen

    with contextlib.suppress(Exception):
        mutagen.File(io.BytesIO(b"\0" * 64))
    return mutagen


class _Capped:
    """A read-only file whose ``read(n)`` never asks for more than the bytes left.

    mutagen reads a chunk or tag by its declared size; Python allocates that size before
    reading, so a header claiming 1 GB would cost 1 GB even in a 100 KB file.
    """

    def __init__(self, fh, size: int):
        self._fh, self._size = fh, size

    def read(self, n: int = -1) -> bytes:
        left = max(0, self._size - self._fh.tell())
        return self._fh.read(left if n is None or n < 0 else min(n, left))

    def __getattr__(self, name):
        return getattr(self._fh, name)


def read(path: Path, container: str | None = None) -> MgInfo | None:
    """Read stream info with mutagen; ``None`` when mutagen does not recognise the file.

    ``container``: what the bytes and the name agree the file is. mutagen then scores only
    that format's classes (and every class if none of them takes the file)."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if container in ("flac", "wav"):
            plain = plain_headers.read(fh, size, container)  # mutagen's values, without it
            if plain is not None:
                return _typed(*plain)
            fh.seek(0)
        options = _classes(container)
        f = None
        if options:
            import mutagen

            f = mutagen.File(_Capped(fh, size), options=options)
            fh.seek(0)
            # mutagen scores by name too, and scores ADTS only under .aac: the bytes were
            # sniffed as this format, so its class reads them (review 50e: an ADTS stream named
            # .mp3 went to the MP3 class, 384 kbps for 96)
            for cls in options if f is None else ():
                with contextlib.suppress(Exception):
                    f = cls(_Capped(fh, size))
                fh.seek(0)
                if f is not None:
                    break
        if f is None:
            f = load().File(_Capped(fh, size))
    if f is None or f.info is None:
        return None
    return _typed(type(f).__name__, f.info, f.tags)


def _typed(kind: str, info, tags) -> MgInfo:
    """The typed record of mutagen's ``kind`` (its class name), ``info`` and ``tags``."""
    # Every value is type-checked: mutagen's WavPack channel count is True, not 1.
    length = getattr(info, "length", None)
    common = dict(
        sample_rate=as_count(getattr(info, "sample_rate", None)) or None,
        channels=as_count(getattr(info, "channels", None)) or None,
        duration_s=float(length) if isinstance(length, (int, float)) else None,
        bitrate_bps=as_count(getattr(info, "bitrate", None)) or None,
    )
    if kind in ("MP3", "EasyMP3"):
        mode = str(getattr(info, "bitrate_mode", "")).split(".")[-1]
        encoder = (info.encoder_info or "").strip() or None
        if encoder and getattr(info, "encoder_settings", ""):
            encoder = f"{encoder} {info.encoder_settings}"
        return MgInfo(
            kind, "mp3", bitrate_mode=None if mode == "UNKNOWN" else mode, encoder=encoder, **common
        )
    if kind == "FLAC":
        return MgInfo(
            kind,
            "flac",
            bit_depth=as_count(info.bits_per_sample),
            bitrate_mode="VBR",
            encoder=_vendor(tags),
            **common,
        )
    if kind in ("OggVorbis", "OggOpus", "OggFLAC", "OggSpeex", "OggTheora"):
        codec = {"OggVorbis": "vorbis", "OggOpus": "opus", "OggFLAC": "flac"}.get(
            kind, kind[3:].lower()
        )
        if codec == "opus":
            common["sample_rate"] = 48000  # Opus always decodes at 48 kHz; mutagen omits it
        return MgInfo(kind, codec, bitrate_mode="VBR", encoder=_vendor(tags), **common)
    if kind in ("MP4", "EasyMP4"):
        codec = _mp4_codec(info)
        depth = getattr(info, "bits_per_sample", None) if codec == "alac" else None
        mode = "VBR" if codec == "alac" else None
        return MgInfo(
            kind,
            codec,
            bit_depth=depth,
            bitrate_mode=mode,
            encoder=_first_tag(tags, "\xa9too"),
            **common,
        )
    if kind == "ASF":
        name = (getattr(info, "codec_name", "") or "").lower()
        codec = "wma-lossless" if "lossless" in name else "wma"
        return MgInfo(kind, codec, encoder=getattr(info, "codec_name", None) or None, **common)
    if kind in ("WAVE", "AIFF"):
        return MgInfo(kind, "pcm", bit_depth=getattr(info, "bits_per_sample", None), **common)
    depth = as_count(getattr(info, "bits_per_sample", None)) or None
    if kind == "AC3":
        codec = "eac3" if "E" in str(getattr(info, "codec", "")).upper() else "ac3"
        return MgInfo(kind, codec, **common)
    if kind in ("WavPack", "MonkeysAudio", "TrueAudio"):
        codec = {"WavPack": "wavpack", "MonkeysAudio": "ape", "TrueAudio": "tta"}[kind]
        return MgInfo(kind, codec, bit_depth=depth, **common)
    return MgInfo(kind, {"AAC": "aac"}.get(kind), **common)
