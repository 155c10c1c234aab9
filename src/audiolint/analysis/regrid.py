"""The ``resampled_grid`` measurement: a 44.1 or 48 kHz decode's codec grid in a resampled file.

Downloaded audio is mostly decoded at 44.1 kHz (an MP3, a video site's AAC, a Vorbis game file)
and then brought to 48 kHz for a 48 kHz model (``ffmpeg -ar 48000``, SoX, soxr). The resampler
mixes every 48 kHz sample from many 44.1 kHz ones, so the codec's zero coefficients are gone
from the file's own grid; the file's band still ends at the encoder's low-pass, which, at 16 kHz,
stands where a 32 kHz file's resampler would end it too (T002 said "upsampled from 32 kHz"), and
elsewhere was read on the cliff alone. Brought back to the 44.1 kHz lattice (lattice point m at
file position m * 160 / 147: :func:`audiolint.analysis.lattice.onto`, cut at 0.9 of 24 kHz,
under 22.05 kHz) the decode's samples return up to the two resamplers' errors, and with them its
grid: the codec-grid search (AAC's and Vorbis's) and MP3's, at every offset, as at 44.1 kHz
(resamplers that keep time with the input, as FFmpeg's, SoX's and soxr do, put the lattice where
the decode's samples were). The spans come from an excerpt of their own, long enough that each
holds 4096 lattice points.

The other way, a 48 kHz decode (a video's AAC, Opus or Vorbis soundtrack) written at 44.1 kHz
(Audacity's default project rate, ``ffmpeg -ar 44100``) is brought to the 48 kHz lattice
(:func:`audiolint.analysis.lattice.to48`, which CELT's count uses at 44.1 kHz too), from the
codec grid's own excerpt, whose 4096-sample spans hold more than 4096 lattice points there.

Brought down, to RVC's 32 or 40 kHz or TTS's 16, 22.05 or 24 kHz, a decode hides its encoder's
low-pass under the resampler's filter, but its samples stay on its old lattice up to the band the
resampler removed: each such file is brought up (cut at 0.9 of its own Nyquist frequency) to the
48 and the 44.1 kHz lattice in turn (``LATTICES``; 22.05 kHz tries 44.1 first), and the first grid
found is kept, else the search with the highest z. A 16 kHz file is also brought up to the 22.05
kHz lattice, last: audiobooks, podcasts and voice samples are MP3 or AAC at 22.05 kHz, and a TTS
or keyword dataset's 16 kHz files are often their decodes brought down (review 49a: Picovoice's
voice samples, MP3's zeros 17-21 % on that lattice against 0.6-1 % half a step off; the same
made with no encode, none). :func:`search` is also what
:mod:`~audiolint.analysis.upgrid` (a decode at a lower rate, upsampled) runs on its lattices.
"""

from __future__ import annotations

from audiolint.analysis import codecgrid, lattice, mp3grid
from audiolint.analysis.excerpt import SPAN, Excerpt

RATE, LATTICE = 48000, 44100  # the file's rate; the decode's
UP, DOWN = 147, 160  # 44.1 kHz lattice points per 48 kHz samples
CUT = 0.9  # of 24 kHz: 21.6 kHz, under the lattice's 22.05 kHz Nyquist frequency
# a file under 44.1 kHz brought up to a lattice: cut at 0.9 of its own Nyquist frequency (the
# resampler that brought the decode down kept its passband under that)
BELOW_CUT = 0.9
# the file's rate: the decodes' (their lattices, searched in turn) and the cut (of the lower
# Nyquist frequency; 0.93 of 22.05 kHz at 44.1 kHz, as
# lattice.to48 cuts). Under 44.1 kHz: a 48 or 44.1 kHz decode brought down (RVC's 32 and 40
# kHz, a model's dataset readied, `audiolint fix`; TTS's 16-24 kHz), whose low-pass the
# resampler's filter hides
CUTS = {
    RATE: ((LATTICE, CUT),),
    LATTICE: ((RATE, lattice.CUT),),
    40000: ((RATE, BELOW_CUT), (LATTICE, BELOW_CUT)),
    32000: ((RATE, BELOW_CUT), (LATTICE, BELOW_CUT)),
    # TTS's 16, 22.05 and 24 kHz: the band under 0.9 of their Nyquist frequency still holds
    # most of a decode's loud bands (each rate's own multiple first)
    24000: ((RATE, BELOW_CUT), (LATTICE, BELOW_CUT)),
    22050: ((LATTICE, BELOW_CUT), (RATE, BELOW_CUT)),
    # ...and a 22.05 kHz decode's (an audiobook's or a voice sample's MP3 or AAC), last
    16000: ((RATE, BELOW_CUT), (LATTICE, BELOW_CUT), (22050, BELOW_CUT)),
}
# ...with each lattice's points per file samples (lattice.ratio): (lattice, up, down, cut)
LATTICES = {
    rate: tuple((lat, *lattice.ratio(rate, lat), cut) for lat, cut in each)
    for rate, each in CUTS.items()
}


def _long(up: int, down: int) -> int:
    """File samples a span needs to hold ``SPAN`` lattice points once the taps at its ends are
    left out, wherever it starts among the ``down`` phases: onto's first whole block may start
    up to ``down - 1`` samples in, and each block of ``down + TAPS - 1`` inputs gives ``up``
    points."""
    return -(-SPAN // up) * down + down + lattice.TAPS - 2


LONG_SPAN = _long(UP, DOWN)  # 48 kHz spans, for the 44.1 kHz lattice
# an upsampled verdict's old rate kept beside the grid (T002 with T001): 44.1 kHz, the rate the
# lattice itself shows the decode was at, and 16 kHz and under: a wall at 8 kHz or lower is a
# decode brought down and up again, or a low-bitrate encode's own low-pass (FFmpeg's AAC at 24
# kbps a channel cuts at 7.6-7.7 kHz), and T002 then names both (rules/upsampled.py); at 22.05-32
# kHz the wall is where most encoders' low-passes stand: the grid decides alone, as at the
# file's own rate
BESIDE = (8000, 11025, 12000, 16000, LATTICE)
# the codec grid's families searched on the lattice: AAC's and Vorbis's 1024-sample grid. AC-3
# (DVD and broadcast soundtracks) is met at 48 kHz, where its grid needs no lattice; its search
# here cost 2.5 ms of a 48 kHz prompt's 19 (benchmarks/short_prompts.py's prompts)
FAMILIES = codecgrid.FAMILIES[:1]
# ...and on a lattice under 26 kHz (a 22.05 kHz decode brought to 16 kHz), Vorbis's too, whose
# long blocks are 1024 samples there (a 512-sample grid), as upgrid searches it
SHORT_UNDER, SHORT_FAMILIES = 26000, codecgrid.FAMILIES[:3]
# Where whole decodes put each codec's grid on the lattice (modulo its step), as the real
# corpus's decodes (lame --decode, FFmpeg, oggdec) showed it: AAC at 0 or 960, MP3 at 48 (SoX: 1),
# Vorbis at 64. A grid found elsewhere (another decoder's start, or a file cut after
# resampling at a multiple of 160 samples) must stand out more: at PEAK_ELSEWHERE times the
# best offset two or more samples from it, not codecgrid's 1.3. FFmpeg's resampler alone left a
# Vorbis-like grid (offset 33, contrast 1.34, z 23) in one genuine held-out recording brought
# from 44.1 to 48 kHz (praat_nwts); decodes where found stood at 1.34 and up, found grids
# off these offsets (ny_happy's AAC, a disputed source) at 2.9
STARTS = {"AAC": (0, 960), "MP3": mp3grid.STARTS, "Vorbis": (64,)}
# ... and Vorbis's at rates under 26 kHz, where libvorbis's long blocks are 1024 samples (a
# 512-sample grid; :mod:`~audiolint.analysis.upgrid`'s lattices): oggenc q0-q4 at 16-24 kHz,
# decoded by oggdec and upsampled (benchmarks/upsampled_decodes.py --codec vorbis), put it at 0
# or 128, modulo 256
VORBIS_SHORT = (0,)
PEAK_ELSEWHERE = 2.0
# the record's keys (the codec grid's and MP3's searches keep more)
KEYS = ("found", "codec", "hop", "offset", "zero_share", "off_grid_share", "coefficients", "z",
        "peak_contrast")  # fmt: skip


def excerpt(sample_rate: int) -> Excerpt | None:
    """The excerpt of its own :func:`measure` reads, where the codec grid's spans are too short
    for a lattice of ``LATTICES`` (48 and 40 kHz; None at other rates: at 44.1, 32 and 16-24
    kHz it reads the codec grid's): the channel mean alone (no search on the lattice reads a
    channel's own samples)."""
    span = max((_long(up, down) for _, up, down, _ in LATTICES.get(sample_rate, ())), default=0)
    return Excerpt(span, channels=False) if span > SPAN else None


def measure(spans, bits: int, sample_rate: int = RATE, top_hz=None) -> dict | None:
    """The grid of a decode at another rate in ``spans`` of a file at ``sample_rate``
    (:func:`excerpt`'s, or the codec grid's), on each lattice of ``LATTICES`` in turn
    (:func:`search`): the first found, else the best (by z); None at other rates and when the
    excerpt is too short. ``top_hz``: as :func:`codecgrid.measure` takes it."""
    best = None
    for rate, up, down, cut in LATTICES.get(sample_rate, ()):
        lifted = lattice.lifted(spans, up, down, cut, SPAN)
        families = SHORT_FAMILIES if rate < SHORT_UNDER else FAMILIES
        record = search(lifted, rate, bits, families, top_hz=top_hz)
        if record and record["found"]:
            return record
        if record and (best is None or (record.get("z") or 0.0) > (best.get("z") or 0.0)):
            best = record
    return best


def search(lifted, lattice: int, bits: int, families, mp3_spans=None, top_hz=None):
    """A decode's grid on the lattice of ``lattice`` Hz: the codec grid's search of
    ``families`` on the ``lifted`` spans ((first lattice index, samples)) that hold ``SPAN``
    points (cut to that), then MP3's where it found none, on ``mp3_spans`` (by default the
    same cut spans). The found record (``KEYS``; ``offset`` on the lattice, modulo the hop, and
    ``lattice_rate``), else the searches' best one; None when there are too few spans. A grid
    off the offsets where whole decodes put it (``STARTS``) is found only at a peak contrast of
    ``PEAK_ELSEWHERE``. What :func:`measure` and :func:`audiolint.analysis.upgrid.measure`
    (a decode at a lower rate, upsampled) share. ``top_hz``: as :func:`codecgrid.measure`
    takes it."""
    cut = [(first, y[:SPAN]) for first, y in lifted if len(y) >= SPAN]
    records = []
    if len(cut) > codecgrid.SEARCH:
        # the offsets' rule before MP3's search: a codec grid it rejects must not keep MP3's
        # unread
        grid = codecgrid.measure(cut, lattice, bits, families, top_hz, rename=False)
        records.append(_placed(grid))
    if not (records and (records[0] or {}).get("found")):
        more = cut if mp3_spans is None else mp3_spans
        if len(more) > codecgrid.SEARCH:
            mp3 = mp3grid.measure(more, lattice, bits, False, STARTS["MP3"], top_hz)
            records.append(_placed(mp3))
    found = [r for r in records if r]
    if not found:
        return None
    best = max(found, key=lambda r: (bool(r["found"]), r.get("z") or 0.0))
    return {**{k: best.get(k) for k in KEYS}, "lattice_rate": lattice}


def _placed(record: dict | None) -> dict | None:
    """A search's record with ``found`` kept only where its offset is a decoder's (``STARTS``)
    or its peak contrast reaches ``PEAK_ELSEWHERE``."""
    if record and record.get("found") and not at_start(record):
        record = {**record, "found": (record.get("peak_contrast") or 0.0) >= PEAK_ELSEWHERE}
    return record


def at_start(grid: dict) -> bool:
    """Whether a grid record's offset is one where whole decodes put its codec's grid
    (``STARTS``; Vorbis's 512-sample grid, ``VORBIS_SHORT``), modulo its hop (Vorbis: 128)."""
    if grid.get("codec") == "Vorbis":
        starts = VORBIS_SHORT if grid.get("hop") == 512 else STARTS["Vorbis"]
        return any(grid.get("offset") % 128 == s for s in starts)
    step = grid.get("hop")
    return any(grid.get("offset") == s % step for s in STARTS.get(grid.get("codec"), ()))


def beside(found: dict, before: dict) -> dict:
    """``found`` (the verdict judged with the lattice's grid), with the upsampling of
    ``before`` (the verdict judged without it) kept beside a lossy origin where its old rate is
    one of ``BESIDE``: the decode was resampled, and T002 says from what."""
    old = before.get("upsampled_from")
    if before.get("verdict") != "upsampled" or found.get("verdict") != "lossy-origin":
        return found
    if old not in BESIDE or found.get("upsampled_from"):
        return found
    return {**found, "upsampled_from": old}


def article(codec: str | None) -> str:
    """The indefinite article before a codec's name (an AAC, an MP3, a Vorbis)."""
    return "an" if (codec or "x")[0] in "AEIOUM" else "a"


def _rates(grid: dict, rate: int | None = None) -> tuple[str, str]:
    """The decode's rate and the file's (``rate``; by default the other of 44.1 and 48 kHz,
    as records written before 32 and 40 kHz files were searched), in words."""
    decode = grid.get("lattice_rate") or LATTICE
    file = rate or (LATTICE if decode == RATE else RATE)
    return f"{decode / 1000:g} kHz", f"{file / 1000:g} kHz"


def origin(grid: dict | None, rate: int | None = None) -> str:
    """The verdict's origin when ``grid`` (:func:`measure`) decides it, in a file at ``rate``."""
    decode, file = _rates(grid or {}, rate)
    return f"{(grid or {}).get('codec')} decoded at {decode}, resampled to {file}"


def phrase(grid: dict, rate: int | None = None) -> str:
    """A found grid's measurement (:func:`measure`) in words, for the verdict's evidence."""
    decode, file = _rates(grid, rate)
    return (
        f"brought back to the {decode} lattice, {100 * grid['zero_share']:.0f}% of the "
        f"coefficients in loud bands on {grid['codec']}'s {grid['hop']}-sample grid at offset "
        f"{grid['offset']} are zero up to the samples' rounding noise, against "
        f"{100 * grid['off_grid_share']:.1f}% half a step off it ({grid['coefficients']} "
        f"coefficients): {article(grid['codec'])} {grid['codec']} decode at {decode}, "
        f"resampled to {file}"
    )


def summary(grid: dict, rate: int | None = None) -> str:
    """A found grid's measured shares (:func:`measure`) in short, plain words."""
    decode, file = _rates(grid, rate)
    return (
        f"brought back to {decode}, {100 * grid['zero_share']:.0f}% of the loud frequency "
        f"coefficients on {grid['codec']}'s {grid['hop']}-sample grid are zero, as its encoder "
        f"leaves them (half a step off: {100 * grid['off_grid_share']:.1f}%): decoded at "
        f"{decode}, then resampled to {file}"
    )
