"""Refuse what must not be opened or decoded: special files, broken links, impossible headers.

Two checks, both cheap and neither reads samples:

* :func:`not_a_file` runs before a path is opened. FIFOs would block the reader forever, device
  files can be endless, and links can dangle or loop; each gets a plain-words reason instead.
* :func:`header_problems` runs on the merged header properties. A damaged header can claim
  65,535 channels or a sample rate of 2^31 Hz; decoding such a file would try to allocate
  gigabytes or divide by zero, so it is reported as corrupt and never decoded.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from audiolint.models import Properties

MAX_CHANNELS = 64  # 7th-order ambisonics; decode blocks stay <= 16 MB of float32
MIN_RATE, MAX_RATE = 1000, 768000
PCM_DEPTHS = frozenset({8, 16, 24, 32, 64})
# A lossless stream cannot hold more frames than this per byte (FLAC's best case, a constant
# subframe in a 65,535-frame block, is about 5,000).
MAX_FRAMES_PER_BYTE = 16384
# No lossy stream averages under 100 bits per second (Opus in silence, with Ogg's overhead,
# stays well above it): a longer claimed duration cannot fit in the file.
MIN_LOSSY_BPS = 100
# Containers libsndfile reads itself: when it refuses one, the file is broken or uses a codec
# nothing downstream will read, whatever mutagen's looser parser says.
SNDFILE_NATIVE = frozenset({"wav", "w64", "aiff", "flac", "caf", "au"})

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
# WAVE format tags libsndfile cannot decode, by the name people know them by.
WAV_CODECS = {
    0x0050: "MPEG audio",
    0x0055: "MP3",
    0x00FF: "AAC",
    0x1600: "AAC",
    0x1610: "AAC",
    0x0161: "WMA",
    0x0162: "WMA Pro",
    0x0163: "WMA Lossless",
    0x2000: "AC-3",
    0x2001: "DTS",
    0x0022: "TrueSpeech",
    0x0092: "Dolby AC-3 (S/PDIF)",
    0x1500: "Opus",
    0xF1AC: "FLAC",
    # the Ogg Vorbis ACM codec's modes 1-3 and 1+-3+ (LMMS ships two such samples as .ogg)
    **dict.fromkeys((0x674F, 0x6750, 0x6751, 0x676F, 0x6770, 0x6771), "Ogg Vorbis"),
}


def not_a_file(path: Path) -> str | None:
    """Why ``path`` must not be opened (dangling or looping link, FIFO, device...), or None."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            target = os.fsdecode(os.readlink(path))
            return f"dangling symbolic link: it points to {target!r}, which does not exist"
        return "the file disappeared while it was being checked"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link leads back to itself and never reaches a file"
        raise  # permission denied and friends: the caller words those
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    if stat.S_ISDIR(mode):
        try:
            os.listdir(path)
        except OSError as exc:
            why = (exc.strerror or type(exc).__name__).lower()
            return f"folder cannot be opened ({why}): the files in it were not checked"
    return f"not a regular file but {kind}: audiolint does not open it"


def wav_tag(head: bytes) -> int | None:
    """A WAV file's format tag (1 PCM, 3 float, 0x55 MP3...) from its fmt chunk, or None."""
    at = head.find(b"fmt ", 12)
    if at < 0 or len(head) < at + 10:
        return None
    tag = int.from_bytes(head[at + 8 : at + 10], "little")
    if tag == 0xFFFE and len(head) >= at + 34:  # WAVE_FORMAT_EXTENSIBLE: tag in the GUID
        tag = int.from_bytes(head[at + 32 : at + 34], "little")
    return tag


def wav_codec(head: bytes) -> str | None:
    """The name of a WAV file's codec when libsndfile cannot decode it (from the fmt chunk)."""
    tag = wav_tag(head)
    return WAV_CODECS.get(tag) if tag is not None else None


def as_count(value) -> int | None:
    """``value`` as a plain ``int``, or ``None`` when it is not a whole number.

    Backends are not trusted to type their values: mutagen's WavPack channel count is ``True``
    (a bool is an int in Python, and ``np.zeros(True)`` is one element by accident)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def plausible_channels(value: int | None) -> bool:
    """True for a channel count audiolint can decode (1 to ``MAX_CHANNELS``)."""
    return value is not None and 1 <= value <= MAX_CHANNELS


def plausible_rate(value: int | None) -> bool:
    """True for a sample rate real audio uses."""
    return value is not None and MIN_RATE <= value <= MAX_RATE


def header_problems(props: Properties, size: int, need_channels: bool = True) -> list[str]:
    """Impossible values in the header properties, each in plain words (empty when sane).

    ``need_channels=False`` when no installed backend could say (a format only FFmpeg reads,
    without PyAV): the file is then not analysed, which is reported, rather than damaged."""
    out = []
    ch, rate, depth, frames = props.channels, props.sample_rate, props.bit_depth, props.frames
    if ch is None and not need_channels:
        pass
    elif ch is None:
        out.append("the header does not say how many channels the audio has: a damaged header")
    elif not 1 <= ch <= MAX_CHANNELS:
        out.append(
            f"the header claims {ch} channels (audiolint reads 1 to {MAX_CHANNELS}): "
            "almost certainly a damaged header"
        )
    if rate is None and need_channels:
        out.append(
            "the header gives no sample rate, so the audio cannot be measured: a damaged header"
        )
    elif rate is not None and not MIN_RATE <= rate <= MAX_RATE:
        out.append(
            f"the header claims a sample rate of {rate:,} Hz "
            f"(real audio uses {MIN_RATE:,} to {MAX_RATE:,} Hz): a damaged header"
        )
    codec = props.codec
    if codec and not (codec.isascii() and codec.isprintable()):
        out.append(f"unsupported codec: the header names a codec {codec!r} no audio tool knows")
    if codec == "pcm" and depth is not None and depth not in PCM_DEPTHS:
        out.append(f"the header claims {depth} bits per sample, which no PCM format uses")
    dur = props.duration_s
    if dur is not None and (
        dur < 0 or (props.lossless is False and dur * MIN_LOSSY_BPS > size * 8)
    ):
        out.append(
            f"the header claims a duration of {dur:,.2f} s in a {size:,}-byte file: "
            "a damaged header"
        )
    if props.lossless and frames and size and frames > size * MAX_FRAMES_PER_BYTE:
        secs = f" ({frames / rate / 3600:,.0f} hours)" if rate else ""
        out.append(
            f"the header claims {frames:,} samples{secs} in a {size:,}-byte file: a damaged header"
        )
    return out


def ends_inside(unit: str, seconds: float) -> str:
    """The truncation message for a file whose last ``unit`` (an MP3 frame, an Ogg page) is
    begun and not ended, ``seconds`` into its audio."""
    return (
        f"truncated: the file ends inside {unit}, {seconds:.2f} s in (it was cut short while it "
        "was downloaded or copied)"
    )
