"""Plain-text helpers every layer may use: safe display of names, durations, rates.

The ground floor: this module imports nothing from audiolint, so rules, the summary and the
reporters all import from here and never from each other (rules never import a reporter).
"""

from __future__ import annotations

import math
import re

# C0/C1 control characters and bidirectional overrides: in a file name they could move the
# cursor, recolour or clear the screen, or reorder the text of a report. Lone surrogates and
# the noncharacters U+FFFE/U+FFFF are no text at all (XML 1.0 forbids them).
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\r\n]")


def _escaped(match: re.Match) -> str:
    return ascii(match.group())[1:-1]


def printable(text: str, one_line: bool = True) -> str:
    """``text`` with control characters and bidi overrides shown as ``\\x1b``/``\\u202e``;
    line breaks too (as ``\\n``, ``\\r``) when ``one_line``, else left to the format."""
    text = _UNPRINTABLE.sub(_escaped, text)
    return _BREAKS.sub(_escaped, text) if one_line else text


def json_text(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the characters :func:`printable`
    escapes written as ``\\uXXXX`` escapes: the values read back unchanged, but the file holds
    no raw C1 or bidi control (JSON already escapes C0)."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def duration_text(seconds: float) -> str:
    """'7.5 s' under a minute, '4.2 minutes' from there."""
    return f"{seconds:.1f} s" if seconds < 60 else f"{seconds / 60:.1f} minutes"


def length_text(seconds: float) -> str:
    """A file's length in whole milliseconds, a trailing zero dropped: '2.00 s', '0.996 s'.

    Rounded to two places, a 0.996 s cut read "1.00 s" above Q005's "only 0.996 s long";
    cut down, not rounded, so that a 0.9995 s one does not read "1.00 s" either.
    """
    text = f"{math.floor(seconds * 1000 + 1e-6) / 1000:.3f}"
    return f"{text[:-1] if text.endswith('0') else text} s"


def file_length(props) -> str:
    """A file's length as :func:`length_text` gives it, from its frames over its rate where
    known (as Q005 counts it; the record's ``duration_s`` is rounded to 1 ms)."""
    frames, rate = getattr(props, "frames", None), getattr(props, "sample_rate", None)
    return length_text(frames / rate if frames and rate else props.duration_s)


def left_out(copies: int, inside: int, voiceless: int = 0) -> str:
    """What a dataset's usable time leaves out, in words: "1 duplicate copy, 3 files inside
    longer ones and 2 files with no voice (S007)" ("" when nothing); read by D001 and the
    terminal summary."""
    parts = [f"{copies} duplicate cop{'y' if copies == 1 else 'ies'}"] if copies else []
    if inside:  # a slice kept beside the recording it was cut from
        parts.append(f"{inside} file{'s' if inside != 1 else ''} inside longer ones")
    if voiceless:  # music, noise or a tone in a voice dataset
        parts.append(f"{voiceless} file{'s' if voiceless != 1 else ''} with no voice (S007)")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def clock(seconds: float) -> str:
    """A time in a file as minutes and seconds to a tenth: '0:08.6', '2:03.0'."""
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m)}:{s:04.1f}"


def mains_hz(hum: float) -> int:
    """The mains frequency nearest a measured hum (audiolint.analysis.hum reads it within 1 % of
    50 or 60 Hz: a buzz at twice it shares its multiples)."""
    return min((50, 60), key=lambda f: abs(f - hum))


def khz(hz: float) -> str:
    """A sample rate in kHz, as short as exact: '44.1 kHz', '48 kHz'."""
    return f"{hz / 1000:g} kHz"


def nyquist_khz(hz: float) -> str:
    """A Nyquist frequency in kHz to at most two decimals: '5.51 kHz' (not '5.5125 kHz')."""
    return f"{round(hz / 1000, 2):g} kHz"


def image_level(db: float) -> str:
    """How loud an upsampler's images stand against their source, in words."""
    if db <= -0.5:
        return f"{-db:.0f} dB under their source"
    return f"{db:.0f} dB over their source" if db >= 0.5 else "as loud as their source"


# codecs whose names are words, not acronyms (the others are upper-cased: MP3, AAC, WMA...)
CODEC_NAMES = {"opus": "Opus", "vorbis": "Vorbis", "speex": "Speex", "wavpack": "WavPack"}


# a codec grid's name as a verdict says it: Musepack splits the band with MP2's polyphase
# filterbank and quantises its subband samples as directly (review 55a: 27 of 36 mpcenc
# decodes, --radio and --standard, read "most likely MP2")
GRID_NAMES = {"MP2": "MP2 (or Musepack, which shares its filterbank)"}


def codec_name(codec: str | None, default: str = "") -> str:
    """A probed codec's name as written in a message: "Opus", "Vorbis", "MP3", "AAC"."""
    if not codec:
        return default
    return CODEC_NAMES.get(codec.lower(), codec.upper())
