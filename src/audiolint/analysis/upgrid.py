"""The ``upsampled_grid`` measurement: a lossy file decoded at a lower rate, then upsampled.

A low-bitrate MP3 is often encoded at 22.05 or 24 kHz (LAME resamples to them at 64 kbps and
under), audiobooks and podcasts are AAC at 22.05 kHz, game voice lines Vorbis at 22.05 kHz; each
is decoded there and brought up to 44.1 or 48 kHz for a model (SoX, FFmpeg, soxr), or on to
RVC's 32 or 40 kHz. The
upsampling shows (T002: the old rate's wall), but the codec does not: the resampler mixes every
new sample from many old ones, and the encoder's zero coefficients are gone from the file's own
grid. A resampler that keeps time puts the decode's samples back on the old rate's lattice
(point m at file position m * rate / old): brought there (:func:`audiolint.analysis.lattice.onto`,
cut at 0.9 of the old Nyquist frequency) the decode returns up to the resampler's
passband error, and the searches of a decode's grid on another rate's lattice
(:func:`audiolint.analysis.regrid.search`: AAC's and Vorbis's codec grid, then MP3's, with the
offsets whole decodes leave) find its frames as at the decode's own rate. Measured on ALSA's
Rear_Center brought to 22.05 kHz, LAME 64 kbps, ``lame --decode``, then SoX, FFmpeg or soxr to
44.1 kHz (every other sample) and SoX to 48 kHz (147 lattice points per 320 samples): z 205-253
on the lattice; the same recording upsampled without the encode: z -1.2 and 3.5. FFmpeg's AAC
at 24-96 kbps and oggenc q0-q4 at 16-32 kHz, decoded and upsampled
(``benchmarks/upsampled_decodes.py --codec aac|vorbis``): AAC's grid at offset 0, Vorbis's at
0 or 128 modulo 256 under 26 kHz (64 modulo 128 at 32 kHz); the same audio upsampled without
the encode showed z 7.1 at most.

Run only where the verdict is upsampled from an old rate in ``RATES`` (16-32 kHz; that rate,
then the next of them up, where a codec's low-pass may stand at the lower rate's wall), or
inconclusive on a cliff held in the loud frames under an old rate's Nyquist frequency (the
encoder's low-pass, 10 kHz at 64 kbps, stands under 22.05 kHz audio's 11.025, so no resampler's
wall shows: that MP3 brought to 44.1 or 48 kHz by SoX or soxr drew no finding at all), each such
rate in turn, from spans of ``SPAN`` file samples (4096 lattice points or more). The upsampling
stays beside a grid found at the rate an upsampled verdict names (T002 with T001); found one
rate up, or under an inconclusive verdict, T001 says it.

Hi-res files (``HIRES_FILE_RATES``: FFmpeg's loudnorm writes 192 kHz unless told otherwise) made
from a 44.1 or 48 kHz decode are searched on that rate's lattice: the one an upsampled verdict
names, else both where the verdict is upsampled from a lower rate (an MP3's 16 kHz low-pass read as
32 kHz audio's wall) or inconclusive (loudnorm's dynamic gain and resampler blur the codec's cliff).
``benchmarks/hires_fakes.py``, decodes brought to 88.2 and 96 kHz by SoX, soxr and swresample, T001
tune | held-out: LAME 192k 43 -> 102 of 108 | 53 -> 93 of 96, LAME 320k 42 -> 55 | 43 -> 55,
FFmpeg's AAC 256k 3 -> 93 | 0 -> 87, oggenc q5 19 -> 88 | 27 -> 85; its 79 genuine bat recordings at
88.2-312.5 kHz and their 18 doubled copies still read no T001 (its copies of csound's Finnegans Wake
reading now do, as rule_accuracy.py's T001 reads that disputed source). Review 54b's loudnorm copies
at 192 kHz (12 a kind): LAME V2 decodes 6 -> 11, CBR 128 10 -> 12; FFmpeg's AAC 128k stays at 1 (its
grid is not found there, nor at the 44.1 kHz lattice of those copies by hand) and the untouched
takes' copies at 1 (a disputed source)."""

from __future__ import annotations

from audiolint.analysis import codecgrid, lattice, regrid
from audiolint.analysis.excerpt import Excerpt

# the file rates it reads (and RVC's 32 and 40 kHz: such a decode upsampled to 44.1 kHz, then
# brought to a model's rate, keeps its samples on the old lattice too), and the old rates it
# searches (MP3's MPEG-2 16-24 kHz and MPEG-1 32; AAC and Vorbis code at each of them too)
FILE_RATES = (32000, 40000, 44100, 48000)
RATES = (16000, 22050, 24000, 32000)
# ...and hi-res files made from a 44.1 or 48 kHz decode: FFmpeg's loudnorm writes 192 kHz unless
# told otherwise, and its dynamic gain and resampler blur the codec's cliff (review 54b: T001 on
# 32 of 50 such copies of decodes; LAME V2 4 of 10). On the old rate's lattice MP3's granules
# return (review 54b's LAME V2 loudnorm copies, z 172 at 44.1 kHz; its untouched takes' copies,
# 2 at most)
HIRES_FILE_RATES = (88200, 96000, 176400, 192000)
HIRES_RATES = (44100, 48000)
# 4096 lattice points at 44.1 kHz from 192 kHz (17,833 samples) and the filter's taps
HIRES_SPAN = 18000
# file samples per span: 4096 lattice points or more at every old rate, the filter's taps at
# the ends left out (16 kHz from 48: 4098)
SPAN = 12360
CUT = 0.9  # of the old Nyquist frequency
MIN_POINTS = 3584  # lattice points a span must give MP3's search (every span gives 4096 or more)
# the codec grid's families searched on the lattice: AAC's 1024-sample grid and Vorbis's (its
# 1024-sample long blocks under 26 kHz: a 512-sample grid); AC-3's and CELT's rates are not old
# rates here
FAMILIES = codecgrid.FAMILIES[:3]


def excerpt(sample_rate: int) -> Excerpt | None:
    """The excerpt of its own :func:`measure` reads (the channel mean), at ``FILE_RATES``."""
    if sample_rate in HIRES_FILE_RATES:
        return Excerpt(HIRES_SPAN, channels=False)
    return Excerpt(SPAN, channels=False) if sample_rate in FILE_RATES else None


def measure(spans, bits: int, sample_rate: int, old: int | None) -> dict | None:
    """A decode's grid in ``spans`` (:func:`excerpt`'s) brought to the lattice of ``old``
    (:func:`regrid.search`: ``FAMILIES``, then MP3's on spans of ``MIN_POINTS`` or more): the
    search's record (``regrid.KEYS``, ``offset`` on the lattice, and ``lattice_rate``), or None
    where ``old`` is not one of ``RATES`` or the excerpt is too short."""
    hires = sample_rate in HIRES_FILE_RATES
    if old not in (HIRES_RATES if hires else RATES) or old >= sample_rate:
        return None
    if not hires and sample_rate not in FILE_RATES:
        return None
    up, down = lattice.ratio(sample_rate, old)
    lifted = lattice.lifted(spans, up, down, CUT * old / sample_rate, MIN_POINTS)
    return regrid.search(lifted, old, bits, FAMILIES, lifted)


def candidates(found: dict, sample_rate: int, edge: dict) -> list[int]:
    """The old rates to search for ``found``: an upsampled verdict's own (``upsampled_from``)
    and the next of ``RATES`` over it, or, under an inconclusive verdict on a cliff (``edge``:
    the fidelity analysis's, found), every rate of ``RATES`` under the file's whose Nyquist
    frequency lies over the cliff, lowest first."""
    if sample_rate in HIRES_FILE_RATES:
        # a hi-res file read as upsampled, or with no verdict: both rates, the one named first
        # (loudnorm's gain and resampler leave no cliff to place it by; an MP3's low-pass at 16
        # kHz reads as 32 kHz audio's wall: sr_english's LAME 128k decode through loudnorm)
        old = found.get("upsampled_from")
        if found.get("verdict") not in ("upsampled", "inconclusive"):
            return []
        # a rate the images or a resampler's wall named is the decode's, if any (one search)
        return [old] if old in HIRES_RATES else list(HIRES_RATES)
    if sample_rate not in FILE_RATES:
        return []
    if found.get("verdict") == "upsampled":
        old = found.get("upsampled_from")
        if old not in RATES:
            return []
        # and the next rate up: a codec's low-pass may stand where the lower rate's wall would
        # (oggenc -q 0 at 24 kHz cuts at 10.5 kHz, read as 22.05 kHz's wall)
        up = [r for r in RATES if r > old and r < sample_rate][:1]
        return [old, *up]
    cut = edge.get("cutoff_hz")
    if found.get("verdict") != "inconclusive" or not edge.get("found") or not cut:
        return []
    return [r for r in RATES if cut < r / 2 and r < sample_rate]


def decide(found: dict, grid: dict | None, sample_rate: int) -> dict:
    """``found`` (an upsampled or inconclusive verdict), or lossy-origin on a grid found on the
    old rate's lattice (an upsampling found before stays beside it, T002 with T001; found one
    rate up, the wall is the codec's low-pass and its old rate is dropped), with ``grid``
    stored as ``upsampled_grid`` either way."""
    unsure = found.get("verdict") in ("upsampled", "inconclusive")
    if not grid or not grid.get("found") or not unsure:
        return {**found, "upsampled_grid": grid} if grid else found
    grid["decided"] = True
    old, new = grid["lattice_rate"] / 1000, sample_rate / 1000
    if found.get("upsampled_from") not in (None, grid["lattice_rate"]):
        # found one rate up: the wall under it is the codec's low-pass, not the old rate's
        # resampler (T002 would name a rate the lattice rules out); T001 says "upsampled"
        found = {**found, "upsampled_from": None}
    return {
        **found,
        "verdict": "lossy-origin",
        "confidence": 0.9,
        "origin": f"{grid['codec']} decoded at {old:g} kHz, upsampled to {new:g} kHz",
        "evidence": [phrase(grid), *found["evidence"]],
        "upsampled_grid": grid,
    }


def _named(grid: dict) -> tuple[str, str, str]:
    """The grid's codec with its article, its grid and its step, in words."""
    codec = grid.get("codec") or "MP3"
    if codec == "MP3":
        return "an MP3", "MP3's 576-sample granule grid", "half a granule"
    named = f"{regrid.article(codec)} {codec}"
    return named, f"{codec}'s {grid.get('hop')}-sample grid", "half a step"


def phrase(grid: dict) -> str:
    """A found grid's measurement in words, for the verdict's evidence."""
    old = f"{grid['lattice_rate'] / 1000:g} kHz"
    codec, named, half = _named(grid)
    return (
        f"brought back to the {old} lattice, {100 * grid['zero_share']:.0f}% of the "
        f"coefficients in loud bands on {named} at offset {grid['offset']} are zero up to the "
        f"samples' rounding noise, against {100 * grid['off_grid_share']:.1f}% {half} off it "
        f"({grid['coefficients']} coefficients): {codec} decode at {old}, upsampled"
    )


def summary(grid: dict) -> str:
    """A found grid's measured shares in short, plain words (T001)."""
    old = f"{grid['lattice_rate'] / 1000:g} kHz"
    named = _named(grid)[1].replace(" granule", "")
    return (
        f"brought back to {old}, {100 * grid['zero_share']:.0f}% of the loud frequency "
        f"coefficients on {named} are zero, as its encoder leaves them (half a step off: "
        f"{100 * grid['off_grid_share']:.1f}%): decoded at {old}, then upsampled"
    )
