"""MP4/M4A/MOV/3GP audio from the headers alone: the AAC AudioSpecificConfig, read with bounded I/O.

Opening an M4A with FFmpeg to learn its channel count costs about 2 ms per file (it decodes the
first packets); this module reads the same answer from the ``esds`` box in a fraction of that,
and says ``None`` whenever the header leaves the decoder's output in doubt, so that FFmpeg is
asked then. The answer is certain only for plain AAC-LC with channel configuration 1-7 at a
rate of 32 kHz or more: SBR (HE-AAC) needs a core rate of 24 kHz or less, and parametric
stereo (HE-AAC v2, a "mono" header decoded as stereo) needs SBR. Any other codec, channel
configuration 0 (a program config element), explicit SBR/PS or a moov box larger than
``MAX_MOOV`` -> ``None``. The full analysis decodes anyway, and the decoder's count wins there.
"""

from __future__ import annotations

import struct
from pathlib import Path

from audiolint.probe.av_backend import AvInfo

MAX_MOOV = 4 << 20  # bytes of moov read into memory; a longer one is left to FFmpeg
MAX_ATOMS = 64  # top-level boxes walked before giving up
RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350)
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}


def _boxes(data: bytes, start: int = 0, end: int | None = None):
    """(type, payload start, payload end) of each box in ``data[start:end]``."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        head = 8
        if size == 1 and pos + 16 <= end:
            size, head = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        if size < head or pos + size > end:
            return
        yield kind, pos + head, pos + size
        pos += size


def _read_moov(path: Path) -> bytes | None:
    """The moov box's payload, wherever it sits among the top-level boxes; bounded reads."""
    with open(path, "rb") as fh:
        for _ in range(MAX_ATOMS):
            head = fh.read(16)
            if len(head) < 8:
                return None
            size, kind = struct.unpack_from(">I4s", head)
            skip = 8
            if size == 1 and len(head) == 16:
                size, skip = struct.unpack_from(">Q", head, 8)[0], 16
            if size < skip:
                return None
            if kind == b"moov":
                if size > MAX_MOOV:
                    return None
                fh.seek(fh.tell() - len(head) + skip)
                data = fh.read(size - skip)
                return data if len(data) == size - skip else None
            fh.seek(fh.tell() - len(head) + size)
    return None


def _find(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    return next(((s, e) for k, s, e in _boxes(data, start, end) if k == kind), None)


def _descriptor(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, payload start, payload length) of the MPEG-4 descriptor at ``pos``."""
    tag, pos, length = data[pos], pos + 1, 0
    for _ in range(4):
        byte = data[pos]
        pos += 1
        length = (length << 7) | (byte & 0x7F)
        if not byte & 0x80:
            break
    return tag, pos, length


def _asc(esds: bytes) -> tuple[int, int, int, int] | None:
    """(object type, rate, channel configuration, average bitrate) from an esds payload."""
    tag, pos, _ = _descriptor(esds, 4)  # after version + flags
    if tag != 3:
        return None
    flags = esds[pos + 2]
    pos += 3 + (2 if flags & 0x80 else 0)  # ES_ID, flags, dependsOn_ES_ID
    pos += 1 + esds[pos] if flags & 0x40 else 0  # URL
    pos += 2 if flags & 0x20 else 0  # OCR_ES_Id
    tag, pos, _ = _descriptor(esds, pos)
    if tag != 4 or esds[pos] != 0x40:  # 0x40: MPEG-4 audio
        return None
    bitrate = struct.unpack_from(">I", esds, pos + 9)[0]
    tag, pos, length = _descriptor(esds, pos + 13)
    if tag != 5 or length < 2:
        return None
    bits = int.from_bytes(esds[pos : pos + min(length, 8)], "big")
    width = 8 * min(length, 8)
    aot, index = bits >> (width - 5), (bits >> (width - 9)) & 0xF
    if aot == 31 or index >= len(RATES):  # escaped object type, explicit rate: leave to FFmpeg
        return None
    return aot, RATES[index], (bits >> (width - 13)) & 0xF, bitrate


def read(path: Path) -> AvInfo | None:
    """The first audio track as FFmpeg will decode it, when the headers make that certain."""
    try:
        moov = _read_moov(path)
        return _audio(moov) if moov else None
    except (IndexError, struct.error, OSError):
        return None  # a malformed box: FFmpeg decides


def _duration(moov: bytes, start: int, end: int, mdhd: tuple[int, int]) -> float | None:
    """Seconds the track presents, as FFmpeg counts them: the media duration (mdhd) less the
    encoder delay its one edit skips (elst media_time); several edits -> ``None``."""
    wide = moov[mdhd[0]] == 1
    fmt = ">IQ" if wide else ">II"
    timescale, length = struct.unpack_from(fmt, moov, mdhd[0] + (20 if wide else 12))
    if not timescale:
        return None
    edts = _find(moov, start, end, b"edts")
    elst = edts and _find(moov, *edts, b"elst")
    skip = 0
    if elst:
        wide = moov[elst[0]] == 1
        if struct.unpack_from(">I", moov, elst[0] + 4)[0] != 1:
            return None  # an empty edit (a delay) or a cut list: leave it to FFmpeg
        skip = struct.unpack_from(">q" if wide else ">i", moov, elst[0] + (16 if wide else 12))[0]
        if skip < 0:
            return None
    return max(0, length - skip) / timescale


def _audio(moov: bytes) -> AvInfo | None:
    tracks = {b"soun": [], b"vide": []}
    for kind, start, end in _boxes(moov):
        if kind != b"trak":
            continue
        mdia = _find(moov, start, end, b"mdia")
        hdlr = mdia and _find(moov, *mdia, b"hdlr")
        if hdlr and moov[hdlr[0] + 8 : hdlr[0] + 12] in tracks:
            tracks[moov[hdlr[0] + 8 : hdlr[0] + 12]].append((start, end, mdia))
    if not tracks[b"soun"]:
        return None
    start, end, mdia = tracks[b"soun"][0]
    mdhd = _find(moov, *mdia, b"mdhd")
    stbl = _find(moov, *mdia, b"minf")
    stbl = stbl and _find(moov, *stbl, b"stbl")
    stsd = stbl and _find(moov, *stbl, b"stsd")
    if not (mdhd and stsd):
        return None
    entry = next(_boxes(moov, stsd[0] + 8, stsd[1]), None)
    if entry is None or entry[0] != b"mp4a":
        return None
    at = moov.find(b"esds", entry[1], entry[2])
    size = struct.unpack_from(">I", moov, at - 4)[0] if at >= 4 else 0
    if at < 0 or at - 4 + size > entry[2] or size < 12:
        return None
    asc = _asc(moov[at + 4 : at - 4 + size])
    if asc is None:
        return None
    aot, rate, config, bitrate = asc
    if aot != 2 or not 1 <= config <= 7 or rate < 32000:
        return None  # HE-AAC (implicit SBR/PS) possible, or a program config element
    duration = _duration(moov, start, end, mdhd)
    if duration is None:
        return None
    return AvInfo(
        format="mov,mp4,m4a,3gp,3g2,mj2",
        codec="aac",
        sample_rate=rate,
        channels=8 if config == 7 else config,
        duration_s=duration,
        bit_depth=None,
        bitrate_bps=bitrate or None,
        audio_streams=len(tracks[b"soun"]),
        video_streams=len(tracks[b"vide"]),
        encoder=None,
    )
