"""Walk an Ogg file's pages to find its links: streams joined end to end ("chained").

A chained Ogg (``cat a.ogg b.ogg``, a radio stream's recording) holds one logical stream after
another. libsndfile (and soundfile, librosa built on it) reads the first link alone, and
mutagen's length mixes the first link's header with the last page's granule (review 50f: "the
header claims 192,153,584,101,141 s" for a short link before a long one). FFmpeg decodes every
link. Walking the page headers (not the packets) is cheap: a 4-8 KB page per step.
"""

from __future__ import annotations

from dataclasses import dataclass

_BOS = 0x02  # header_type flag: the first page of a logical stream
_HEADER = 27  # bytes of a page header before its segment table


@dataclass
class OggLink:
    """One logical stream of the file, as its first packet and last page describe it."""

    codec: str | None  # "vorbis", "opus", or None for another codec
    sample_rate: int | None  # Vorbis: its rate; Opus: 48 kHz, the rate it decodes at
    channels: int | None
    pre_skip: int  # Opus: samples its decoder drops at the start
    last_granule: int = -1  # the last page's granule position (samples at its rate)
    cut: bool = False  # the file ends inside one of this stream's pages

    @property
    def duration_s(self) -> float | None:
        """The link's length, from its last granule position; None when unknown."""
        if not self.sample_rate or self.last_granule < 0:
            return None
        return max(0, self.last_granule - self.pre_skip) / self.sample_rate


def _first_packet(body: bytes) -> OggLink:
    """The link a beginning-of-stream page's first packet describes."""
    if body[:7] == b"\x01vorbis" and len(body) >= 16:
        rate = int.from_bytes(body[12:16], "little")
        return OggLink("vorbis", rate or None, body[11] or None, 0)
    if body[:8] == b"OpusHead" and len(body) >= 12:
        return OggLink("opus", 48000, body[9] or None, int.from_bytes(body[10:12], "little"))
    return OggLink(None, None, None, 0)


def links(data: bytes, limit: int = 1 << 20) -> list[OggLink]:
    """The logical streams of the Ogg data, in the order they begin (walking at most ``limit``
    pages); empty when two streams interleave (multiplexed, not chained). The walk stops at the
    first byte that does not begin a page (junk or damage: what lies before is read)."""
    found: list[OggLink] = []
    by_serial: dict[bytes, OggLink] = {}
    pos, size = 0, len(data)
    for _ in range(limit):
        if pos + _HEADER > size or data[pos : pos + 4] != b"OggS":
            break
        nseg = data[pos + 26]
        table = data[pos + _HEADER : pos + _HEADER + nseg]
        body_at = pos + _HEADER + nseg
        end = body_at + sum(table)
        if len(table) < nseg or end > size:
            serial = data[pos + 14 : pos + 18]
            if serial in by_serial and by_serial[serial] is found[-1]:
                found[-1].cut = True  # a page begun and not ended: the file was cut short
            break
        serial = data[pos + 14 : pos + 18]
        if data[pos + 5] & _BOS or serial not in by_serial:
            link = _first_packet(data[body_at : min(end, body_at + 64)])
            by_serial[serial] = link
            found.append(link)
        elif by_serial[serial] is not found[-1]:
            return []  # an earlier stream goes on after a later one began: multiplexed
        granule = int.from_bytes(data[pos + 6 : pos + 14], "little", signed=True)
        if granule >= 0:
            by_serial[serial].last_granule = granule
        pos = end
    return found


def chained(found: list[OggLink]) -> bool:
    """Whether the links follow one another as one codec's audio (not a multiplexed video)."""
    return len(found) > 1 and all(link.codec in ("vorbis", "opus") for link in found)


def uniform(found: list[OggLink]) -> bool:
    """Whether every link has the first's codec, rate and channels: FFmpeg decodes such a
    chain as one stream (it stops where a link changes rate: "not yet implemented")."""
    first = found[0]
    return all(
        (link.codec, link.sample_rate, link.channels)
        == (first.codec, first.sample_rate, first.channels)
        for link in found
    )
