"""Probe: read a file's properties from its headers, merging the soundfile and mutagen backends.

``probe(path)`` never decodes audio and never writes. It returns a :class:`ProbeResult` whose
``problems`` carry what the headers revealed as wrong (unreadable, truncated, a VBR MP3 whose
headers misstate its length); the rules turn those into findings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from audiolint.probe import mutagen_backend, sanity, sf_backend
from audiolint.probe.merge import LOSSLESS_CODECS, LOSSY_CODECS, merge
from audiolint.probe.result import Anomaly, ProbeResult, corrupt
from audiolint.probe.sniff import (
    EXTENSIONS,
    RIP_SEARCH,
    UNREAD_FORMATS,
    VIDEO_CONTAINERS,
    looks_like_text,
    read_head,
    sniff_bytes,
    sniff_rip,
)

__all__ = ["LOSSLESS_CODECS", "LOSSY_CODECS", "Anomaly", "ProbeResult", "preload", "probe"]

# Containers libsndfile reads; any other goes to FFmpeg (PyAV), as do those it refuses,
# except SNDFILE_ONLY (sanity.SNDFILE_NATIVE but CAF, which may hold AAC).
SNDFILE_CONTAINERS = frozenset({"wav", "w64", "aiff", "flac", "ogg", "mp3", "caf", "au"})
SNDFILE_ONLY = sanity.SNDFILE_NATIVE - {"caf"}


def _describe_error(exc: BaseException) -> str:
    """The backend's message, without the file path libsndfile puts in front of it."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"^Error opening .*?: ", "", text)
    return text.rstrip(".")


def preload() -> None:
    """Import the header libraries (soundfile, mutagen's format modules, the MP3 frame walk)
    now: a run that forks several workers calls this first, so that they inherit them instead
    of each paying on its first file. Otherwise :func:`probe` loads them when it first needs
    them."""
    import soundfile  # noqa: F401 - loaded for the workers

    from audiolint.probe import (
        av_backend,  # noqa: F401 - 3 ms: every MP3 asks it (not av)
        mpeg,  # noqa: F401 - 3 ms a worker, on its first MP3
    )

    mutagen_backend.load()


def probe(path: str | Path) -> ProbeResult:
    """Read the properties of one audio file from its headers."""
    path = Path(path)
    expected = EXTENSIONS.get(path.suffix.lower())
    refused = sanity.not_a_file(path)  # before any open(): a FIFO would block forever
    if refused:
        return corrupt(path, None, None, expected, refused)
    size = path.stat().st_size
    if size == 0:
        return corrupt(path, 0, None, expected, "the file is empty (0 bytes)")
    head = read_head(path)
    detected = sniff_bytes(head)
    if detected is None and expected in ("mp3", "adts"):
        with open(path, "rb") as fh:
            detected = sniff_rip(fh.read(RIP_SEARCH))
    if detected is None:
        unread = UNREAD_FORMATS.get(path.suffix.lower())
        if unread is not None and not looks_like_text(head):
            return corrupt(
                path, size, None, expected,
                f"{unread} (named so): an audio format audiolint does not read; convert it to "
                "WAV or FLAC to check it",
            )  # fmt: skip
        what = "it holds text" if looks_like_text(head) else "its first bytes match no audio format"
        return corrupt(path, size, None, expected, f"not an audio file: {what}")

    sf_info = mg_info = av_info = None
    errors = []
    if detected in SNDFILE_CONTAINERS:
        try:
            sf_info = sf_backend.read(path)
        except Exception as exc:  # libsndfile raises several types; all mean "cannot read"
            errors.append(_describe_error(exc))
    if detected not in VIDEO_CONTAINERS:
        try:
            # the bytes name the format, not the name: an ADTS stream named .mp3 read as MP3
            # frames gave 384 kbps for 96 (review 50e), and T004 a false "re-encoded" on it
            mg_info = mutagen_backend.read(path, detected)
        except Exception as exc:  # mutagen's errors derive from many bases
            errors.append(_describe_error(exc))
    # FFmpeg, the prober of last resort, for what libsndfile does not read (its values are
    # those of the decoder that will deliver the samples). A WAV/FLAC/AIFF libsndfile refuses
    # is broken or holds a codec nothing downstream reads: FFmpeg is not asked to guess.
    needs_av = sf_info is None and detected not in SNDFILE_ONLY
    if needs_av:  # only then: the FFmpeg and MP4 modules are not loaded for a WAV or FLAC
        from audiolint.probe import av_backend, mp4_header
    if needs_av and detected == "mp4" and av_backend.available():
        av_info = mp4_header.read(path)  # plain AAC-LC: FFmpeg's answer without opening it
    if needs_av and av_info is None and av_backend.available():
        try:
            av_info = av_backend.read(path)
        except Exception as exc:  # FFmpeg's errors, or no audio stream
            errors.insert(0, _describe_error(exc))
    missing_av = needs_av and not av_backend.available()
    has_mg = mg_info is not None and mg_info.sample_rate
    if sf_info is None and av_info is None and not (has_mg or missing_av):
        return corrupt(path, size, detected, expected, _unreadable(detected, head, errors))
    result = merge(path, size, head, detected, expected, sf_info, mg_info, av_info)
    bad = sanity.header_problems(result.properties, size, need_channels=not missing_av)
    if not bad and sf_info is None and detected in SNDFILE_ONLY:
        bad = [_unreadable(detected, head, errors)]
    if bad:
        result = replace(result, problems=(*result.problems, *(Anomaly("corrupt", m) for m in bad)))
    return result


def _unreadable(detected: str, head: bytes, errors: list[str]) -> str:
    """Why no backend could read a file that looks like ``detected``, in plain words."""
    codec = sanity.wav_codec(head) if detected == "wav" else None
    if codec:
        return f"unsupported codec: {codec} audio inside a WAV file, which audio tools rarely read"
    why = errors[0] if errors else "no backend recognises it"
    return f"unreadable {detected.upper()} file ({why})"
