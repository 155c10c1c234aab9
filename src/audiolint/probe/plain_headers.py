"""FLAC and WAV stream info as mutagen reads it, for plain files, without importing mutagen.

``mutagen.flac`` and ``mutagen.wave`` import all of ``mutagen.id3`` (13-20 ms of a one-file
check's start-up) for tags audiolint never reads: from a FLAC the probe takes STREAMINFO and
the Vorbis comment's vendor (the encoder), from a WAV the ``fmt`` chunk and the ``data``
chunk's declared size (a longer claim than the bytes present is a truncated file). This module
reads those fields the way mutagen 1.47 does (``FLAC.load``, ``WaveStreamInfo``), for files
it can vouch for: a FLAC starting ``fLaC`` whose blocks are STREAMINFO, padding, one seek
table and Vorbis comments, all present; a RIFF/WAVE with a ``fmt`` chunk of 16 bytes or more
and no ID3 chunk. Anything else returns ``None`` and mutagen reads the file, with its own
errors. tests/test_plain_headers.py holds it to mutagen's answers on real and broken files.
"""

from __future__ import annotations

import struct
from types import SimpleNamespace

STREAMINFO, PADDING, SEEKTABLE, COMMENT = 0, 1, 3, 4


def read(fh, size: int, container: str):
    """(kind, info, tags) as ``mutagen.File`` gives them for ``fh`` (``size`` bytes, at 0),
    or None when the file is not a plain one this module reads as mutagen would."""
    try:
        return _flac(fh, size) if container == "flac" else _wav(fh, size)
    except (ValueError, struct.error):
        return None


def _flac(fh, size: int):
    if fh.read(4) != b"fLaC":
        return None
    info, vendor, codes = None, None, []
    while True:
        head = fh.read(4)
        if len(head) < 4:
            return None  # mutagen: 'file said 1 bytes, read 0'
        code, length = head[0] & 0x7F, int.from_bytes(head[1:], "big")
        start = fh.tell()
        if start + length > size or code not in (STREAMINFO, PADDING, SEEKTABLE, COMMENT):
            return None
        if code == STREAMINFO:
            if codes or length != 34:
                return None
            info = _streaminfo(fh.read(34))
            if info is None:
                return None
        elif code == COMMENT:
            text = _vendor(fh, start + length)
            if text is None or fh.tell() != start + length:
                return None  # mutagen trusts the comment's own lengths over the block's
            vendor = text if vendor is None else vendor  # mutagen keeps the first block
        codes.append(code)
        fh.seek(start + length)
        if head[0] & 0x80:
            break
    if info is None or codes.count(SEEKTABLE) > 1:
        return None
    audio = size - fh.tell()
    info.bitrate = int(float(audio) * 8 / info.length) if info.length else 0
    tags = None if vendor is None else SimpleNamespace(vendor=vendor)
    return "FLAC", info, tags


def _streaminfo(data: bytes):
    rate_head = int.from_bytes(data[10:12], "big")
    packed = data[12]
    tail = int.from_bytes(data[13:18], "big")
    rate = (rate_head << 4) + (packed >> 4)
    if not rate:
        return None  # mutagen: 'A sample rate value of 0 is invalid'
    total = tail & 0xFFFFFFFFF
    return SimpleNamespace(
        sample_rate=rate,
        channels=((packed >> 1) & 7) + 1,
        bits_per_sample=((packed & 1) << 4) + (tail >> 36) + 1,
        length=total / float(rate),
        bitrate=0,
    )


def _vendor(fh, end: int) -> str | None:
    """The Vorbis comment's vendor, having walked its comments to their end (None when a
    length runs past ``end``)."""
    (n,) = struct.unpack("<I", fh.read(4))
    if fh.tell() + n > end:
        return None
    vendor = fh.read(n).decode("utf-8", "replace")
    (count,) = struct.unpack("<I", fh.read(4))
    for _ in range(count):
        (n,) = struct.unpack("<I", fh.read(4))
        if fh.tell() + n > end:
            return None
        fh.seek(n, 1)
    return vendor


# FFmpeg and SoX leave a WAV's (and RF64's placeholder) sizes at this when they write to a pipe
UNSIZED = 0xFFFFFFFF


def _wav(fh, size: int):
    head = fh.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:] != b"WAVE":
        return None
    riff = struct.unpack("<I", head[4:8])[0]
    if riff < 4:
        return None  # mutagen: 'Container chunk data size < 4'
    chunks: dict[str, tuple[int, int]] = {}  # the first of each id: (data offset, size)
    at, end = 12, 8 + riff + riff % 2
    while at < end:
        fh.seek(at)
        header = fh.read(8)
        if len(header) < 8:
            break
        raw, length = struct.unpack("<4sI", header)
        try:
            name = raw.decode("ascii").rstrip()
        except UnicodeDecodeError:
            break
        if not (0 < len(name) <= 4 and min(name) >= " " and max(name) <= "~"):
            break
        if name in ("LIST", "RIFF"):
            if length < 4:
                break
            if any(b > 0x7F for b in fh.read(4)):
                return None  # mutagen raises on a list name that is not ASCII
        chunks.setdefault(name, (at + 8, length))
        at += 8 + length + length % 2
    if "fmt" not in chunks or "ID3" in chunks or "id3" in chunks:
        return None
    offset, length = chunks["fmt"]
    fh.seek(offset)
    data = fh.read(min(length, max(0, size - offset)))
    if len(data) < 16:
        return None
    _, channels, rate, _, align, bits = struct.unpack("<HHLLHH", data[:16])
    data_at, data_size = chunks.get("data", (0, 0))
    if data_size == UNSIZED:  # written to a pipe: "to the end of the file", not a promise
        data_size = max(0, size - data_at)
    samples = data_size / align if align > 0 and "data" in chunks else 0
    info = SimpleNamespace(
        sample_rate=rate,
        channels=channels,
        bits_per_sample=bits,
        bitrate=channels * bits * rate,
        length=samples / rate if rate > 0 else 0.0,
    )
    return "WAVE", info, None


def unfinished_wav_frames(head: bytes, size: int) -> int | None:
    """The frames after a WAV's ``data`` chunk header when that chunk and the RIFF chunk state
    no more than their headers (a recorder that crashed before writing its sizes), read from the
    file's first bytes; None when its header states sizes (review 51d: an empty data chunk
    before an ``id3`` chunk, the RIFF size written) or the chunks lie past ``head``."""
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    riff = int.from_bytes(head[4:8], "little")
    at, align = 12, 0
    while at + 8 <= len(head):
        name, length = head[at : at + 4], int.from_bytes(head[at + 4 : at + 8], "little")
        if name == b"fmt " and at + 22 <= len(head):
            align = int.from_bytes(head[at + 20 : at + 22], "little")
        if name == b"data":
            # the RIFF size ends the file at the data chunk's header, or states nothing; else
            # an empty data chunk comes before other chunks it counts
            if length or not align or riff > at:
                return None
            return (size - at - 8) // align or None
        at += 8 + length + length % 2
    return None


# Bytes after each frame's table-of-contents byte, by frame type (RFC 4867's storage format):
# types 8 and up are comfort noise (SID) and NO_DATA, still 20 ms each
AMR_WALK_BYTES = 1 << 29  # 512 MB
_AMR_BYTES = {
    b"#!AMR\n": (12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0),
    b"#!AMR-WB\n": (17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0),
}


def amr_duration(data: bytes) -> float | None:
    """A single-channel AMR file's length from its frames (20 ms each); FFmpeg guesses it
    from the first frame's size, 21.55 s for a phone memo of 11.96 s whose pauses are short
    comfort-noise frames (review 51c). None when ``data`` is not such a file."""
    if len(data) > AMR_WALK_BYTES:
        return None  # 4 s a GB in Python: no phone memo is this long (77 hours at 12.2 kbps)
    for magic, sizes in _AMR_BYTES.items():
        if data[: len(magic)] == magic:
            pos, frames = len(magic), 0
            while pos < len(data):
                pos += 1 + sizes[(data[pos] >> 3) & 15]
                frames += pos <= len(data)
            return frames * 0.02
    return None
