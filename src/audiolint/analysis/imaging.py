"""Find a crude interpolator's images: the band under an old Nyquist frequency, mirrored above it.

Linear interpolation, a zero-order hold and short polynomial filters (sox's ``rate -q``,
libsamplerate's SRC_LINEAR) upsample without an anti-imaging filter worth the name. The band
above the old Nyquist frequency ``N = R / 2`` is not emptied: it holds the spectrum under
``N`` mirrored about it (what lay at ``f`` now also stands at ``R - f``), weighted by the
interpolator's response (linear: sinc squared; hold: sinc). The mirror copies the fine
structure too: a periodogram's bin-to-bin wobble, which is independent from one frequency to
the next in a recording, repeats exactly in the image. So the fine structure of each frame
above ``N`` correlates with that of the band under it, read backwards from ``R``; in audio that
was never resampled it does not. Only the part that changes from frame to frame counts: a
steady tone's partials stand mirrored about any multiple of their spacing, an image's wobble
moves with its source. And since an image of ``R`` stands mirrored about every multiple of
``R / 2`` as well, the lowest rate that shows its images is the old one. A periodic sound's
fine structure mirrors about many points, not about ``N`` alone: the correlation at ``R`` must
stand clear of the one read about control points just off it. When the file's rate ``Fs`` is no
multiple of ``R`` (24 -> 44.1 kHz), the images above ``Fs / 2`` fold back into the band too,
each the band under ``N`` mirrored or shifted about another point; they are read alongside.

Measured on the loud spans :class:`audiolint.analysis.codecgrid.Excerpt` keeps (no extra pass
over the file). The frames and the correlation itself are :mod:`audiolint.analysis.mirror`'s;
this module decides which rate they name.
"""

from __future__ import annotations

from audiolint.analysis.hires import hires

# the frames and the mirror's correlation; frames_db re-exported: fidelity, the tests and the
# benchmarks' timers read it here
from audiolint.analysis.mirror import Frames, compare
from audiolint.analysis.mirror import frames_db as frames_db

# fine structure above N against its mirror under N, frame-to-frame part: linear, hold and
# cubic interpolation of the corpus's tune-half recordings 0.65-1.0 where found (median 0.90);
# files no interpolator touched at most 0.43 (a native 16 kHz recording whose own history is
# unknown), the rest under 0.33
MIN_CORR = 0.65
# ...enough to say that content above a resampler's edge is its images, not a codec's content
# (resampler.resampled_from), or that a divisor of the rate found is the old rate: gentle
# filters' images (scipy) 0.81-0.94 on the tune half, content above a codec's notch at N <= 0.06
IMAGES_CORR = 0.4
DIVISOR_CELLS = 100  # cells enough to read a divisor's images (a bass's under 4 kHz: 166)
# time-frequency cells standing clear of the floor, both sides. The excerpt holds about 24
# frames: a gentle filter (scipy's) or a source with little treble leaves 150-300 cells (tune
# half: 257 at 0.92, 285 at 0.79; 300 missed them); its files no interpolator touched read at
# most 0.50 over 100 cells or more, at any cell count
MIN_CELLS = 150
# ...but a band under NARROW_HZ wide holds few cells at all: 44.1 kHz's in a 48 kHz file, 22.5-
# 23.3 kHz (about 34 bins of 24 frames). There NARROW_CELLS do (tune sweep --old 44100: FFmpeg's
# default and SciPy's resample_poly leave 22-313 cells at 0.67-0.96, controls under 0.44; of 3475
# 48 kHz files on hand, none that was not brought up from 44.1 kHz read 0.65 or more there over
# 20 cells, but upsamples from lower rates, whose images the edge names first)
NARROW_HZ, NARROW_CELLS = 1000.0, 40
# the band just past N mirrors the band under it at least this much: a gentle filter's images,
# however faint (FFmpeg's kaiser_beta=4 from 32 kHz, tune sweep: 0.37-0.45 up to NEAR N over
# 480-540 cells), where a recording's own content past N reads what chance gives (OpenArena's
# announcer over a gentle roll-off at 16 kHz: -0.07 to 0.07 over 350-540 cells)
FAINT_CORR = 0.2
# 48, 88.2 and 96 kHz for hi-res files brought up from them: FFmpeg's swresample leaves its
# images some 110 dB down, over a 24-bit file's floor, so such a copy's band reached Nyquist and
# read genuine (benchmarks/hires_fakes.py: 48 -> 88.2/96 kHz; batdetect2's genuine 192-312 kHz
# recordings and their copies brought down to 88.2-192 kHz read no images)
OLD_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000)
# control mirror points just off a rate R, none a standard rate. A periodic sound's partials
# all advance in phase alike from frame to frame, so its frame-to-frame fine structure is a
# comb that mirrors about many points (band-limited buzzes at 98-233 Hz read 0.48-0.99 at
# standard rates); an image mirrors about R's Nyquist frequency alone. Tune half's images
# (crude upsamples, the corpus's scipy ones): correlation at R less the best control's
# 0.12-1.14, under 0.3 for 6 of 125 (a sung voice, an oboe: periodic too); buzzes, naive
# sawtooths and a synthesised tune at most 0.25
CONTROLS = (0.97, 0.985, 1.015, 1.03)
CONTROL_CELLS = 30  # a comb's controls may hold few cells, and read high (0.99 over 48)
CONTROL_MARGIN = 0.3  # how far the correlation at R stands over the best control's
# Fs no multiple of R: the images at Fs - f and Fs + f fold back over the one at R - f. Linear
# and hold interpolation 24 and 32 -> 44.1 kHz, 22.05 -> 48 kHz of the tune half's recordings:
# 0.34-0.62 at R - f alone, 0.50-0.73 with the folded ones (controls 0.28 at most). Read only
# when no rate is found without them and R - f alone reaches FOLDED_FROM (files no interpolator
# touched: at most 0.43, a native 16 kHz recording read at 8 kHz, an integer ratio; none at a
# ratio that is not); the three together must reach MIN_CORR as one read alone does (0.5 let a
# ring tone of the cross-check set, a genuine 44.1 kHz file, read 0.50 at 32 kHz)
FOLDED_FROM = 0.3
FOLDED_CORR = MIN_CORR
# A gentle anti-imaging filter lets only the images just past N through (SciPy's resample_poly
# with a Kaiser or Hamming window, FFmpeg's filter_size=8; tune sweep): read from 1.02 N up to R
# they are diluted by the band higher up, which holds the floor or other sounds (0.21-0.52 there),
# read up to NEAR N they mirror the band under N at 0.68-0.87 (controls 0.07-0.28). Only when no
# rate is found otherwise, at MIN_CORR over MIN_CELLS and CONTROL_MARGIN over the controls read
# the same way. Tune half's files no resampler touched read at most 0.47 up to NEAR N
NEAR = 1.1
# Every uniform subband codec (SBC, MP2, G.722) has a band edge at a quarter of its rate: with
# the bands above coded coarsely, the aliasing its synthesis should cancel mirrors the band under
# that edge just past it, as a 2x upsampler's images do (other_codecs.py, tune: 8 of 230 decodes
# "from half the rate"; 5 hold 276-2471 cells past NEAR N that mirror at -0.01-0.28). At half the
# file's rate, a band past NEAR N that holds MIN_CELLS cells must mirror too (IMAGES_CORR), as an
# interpolator's images do (sweep tune and 2x copies of ALSA speech: 0.85-0.98); fewer cells (a
# stop band, a codec's quantiser after the images: 85-106 under LAME 144k) cannot tell. So at
# any rate the file's is a whole multiple of (session 29): a wavelet denoiser splits the band at
# an eighth and a sixteenth of the rate too, and where it thins out one level's coefficients,
# that split's aliasing mirrors just past it while the band higher up stays the recording's own
# (FFmpeg's afwtdn, benchmarks/processed.py: 2 of 7 held-out files no longer "upsampled"; every
# upsampling benchmark unchanged: rule_accuracy, crosscheck, blindset, crude_upsampling,
# resampler_sweep, other_codecs, hires_fakes)


def measure(frames: Frames, sample_rate: int) -> dict | None:
    """The lowest standard old rate whose images stand above its Nyquist frequency, or None.

    Each rate ``R`` under the file's (``OLD_RATES``) is tried with :func:`compare`; the lowest
    whose correlation reaches ``MIN_CORR`` over cells enough (:func:`enough`) decides: it is
    returned, as ``{"rate", "corr", "image_db", "cells", "control_corr"}``, when it holds
    (:func:`_held`: or the lowest of its divisors that shows images too over its own controls,
    :func:`_divisor`, none when that is ambiguous; past ``NEAR`` N where the file's rate is a
    multiple of it, :func:`_past_near`; standing ``CONTROL_MARGIN`` over its controls,
    :func:`controlled`); None otherwise. Only when no rate reads so are the folded
    images read (:func:`folded_at`): a lower rate's folded read must not outrank a higher one's
    plain read (hold 16 -> 44.1 kHz reads 12 kHz so); only when none reads then either is the
    band just past each N read alone (:func:`_near`: a gentle filter's images), and the record
    says ``near``.
    """
    plain = []  # read lazily: the lowest that reads decides (the others would give a comb
    for rate in OLD_RATES:  # more chances), and the rest are read only when none does
        read = compare(frames, sample_rate, rate)
        if enough(read, sample_rate) and read["corr"] >= MIN_CORR:
            return _held(frames, sample_rate, read)
        plain.append(read)
    found = next((f for f in (folded_at(frames, sample_rate, read) for read in plain) if f), None)
    if found is None:
        found = next((n for n in (_near(frames, sample_rate, r) for r in OLD_RATES) if n), None)
    return _held(frames, sample_rate, found) if found else None


def enough(read: dict | None, sample_rate: int) -> bool:
    """Whether :func:`compare`'s ``read`` holds cells enough to judge: ``MIN_CELLS``, or
    ``NARROW_CELLS`` where the rate's whole band above its N (1.02 N up to the rate, or 0.97
    of the file's Nyquist frequency) is under ``NARROW_HZ`` wide, in a file of 48 kHz or more:
    44.1 kHz's in a 48 kHz file, the only such pair measured (a 24 kHz file's 22.05 kHz band,
    394 Hz, was not). Near reads (:func:`_near`, :func:`faint`) are judged by the same band.
    Through :func:`mirrored`, a 44.1 kHz read in a 48 kHz file at ``IMAGES_CORR`` over 40 cells
    now calls content past a wall there images (which keeps the wall)."""
    if not read:
        return False
    old = read["rate"] / 2
    band = min(read["rate"] - 0.02 * old, 0.97 * sample_rate / 2) - 1.02 * old
    narrow = band < NARROW_HZ and sample_rate >= 48000
    # a hi-res file brought up from 44.1 or 48 kHz: past its resampler's skirt (a few kHz
    # over N) the band holds nothing, so only cells in that narrow skirt can show images
    narrow |= hires(sample_rate, read["rate"])
    return read["cells"] >= (NARROW_CELLS if narrow else MIN_CELLS)


def faint(frames: Frames | None, sample_rate: int, rate: int) -> bool:
    """Whether the band just past ``rate``'s Nyquist frequency (up to ``NEAR`` N) mirrors the
    band under it at ``FAINT_CORR`` or more over cells enough (:func:`enough`)."""
    read = compare(frames, sample_rate, rate, upto=NEAR) if frames is not None else None
    return enough(read, sample_rate) and read["corr"] >= FAINT_CORR


def _held(frames: Frames, sample_rate: int, found: dict) -> dict | None:
    """``found`` (or the divisor :func:`_divisor` names) when it holds past ``NEAR`` N
    (:func:`_past_near`) and over its controls (:func:`controlled`), else None."""
    found = _divisor(frames, sample_rate, found)
    found = found and _past_near(frames, sample_rate, found)
    return controlled(frames, sample_rate, found) if found else None


def _past_near(frames: Frames, sample_rate: int, found: dict) -> dict | None:
    """``found``, or None when the file's rate is a multiple of its rate and the band past
    ``NEAR`` N holds ``MIN_CELLS`` cells or more that do not mirror (:func:`compare` from there,
    under ``IMAGES_CORR``): a subband codec's edge at a quarter of the rate, or a wavelet
    denoiser's at an eighth or a sixteenth, mirrors just past N alone, and the band higher up is
    the recording's own (an upsampler by a whole ratio leaves only images there, or the floor)."""
    if sample_rate % found["rate"]:
        return found
    far = compare(frames, sample_rate, found["rate"], since=NEAR)
    return None if far and far["cells"] >= MIN_CELLS and far["corr"] < IMAGES_CORR else found


def _near(frames: Frames, sample_rate: int, rate: int) -> dict | None:
    """:func:`compare`'s read of the band just past ``rate``'s Nyquist frequency (up to
    ``NEAR`` N), with ``"near": True``, when it reaches ``MIN_CORR`` over cells enough
    (:func:`enough`); else None."""
    read = compare(frames, sample_rate, rate, upto=NEAR)
    if not enough(read, sample_rate) or read["corr"] < MIN_CORR:
        return None
    return {**read, "near": True}


def _divisor(frames: Frames, sample_rate: int, found: dict) -> dict | None:
    """``found``, or the lowest divisor of its rate whose band above shows images too
    (``IMAGES_CORR`` over ``DIVISOR_CELLS``): R's images also stand mirrored about every
    multiple of R / 2, so that divisor is the old rate. None when R's own images, folded back
    from above the file's Nyquist frequency, mirror about that divisor's Nyquist frequency too
    (``|k R - m Fs|``: 32 kHz images in a 48 kHz file fold to 16 - f kHz, mirrored about 8 kHz
    as a 16 kHz source's are), so that either rate could be the old one."""
    rate = found["rate"]
    folds = folded_onto(rate, sample_rate)
    for low in OLD_RATES:
        if low < rate and rate % low == 0:
            down = compare(frames, sample_rate, low)
            # ...over its own controls: a periodic sound's comb reads at any rate (csound's
            # oboe brought from 44.1 to 48 kHz by SciPy: 0.89 at 44.1 kHz, 0.41 at 22.05)
            if (
                down
                and down["cells"] >= DIVISOR_CELLS
                and down["corr"] >= IMAGES_CORR
                and controlled(frames, sample_rate, down)
            ):
                return None if low in folds else down
    return found


def folded_onto(rate: int, sample_rate: int) -> set[int]:
    """The rates about whose Nyquist frequency ``rate``'s images, folded back from above the
    Nyquist frequency of ``sample_rate``, stand mirrored (``|k R - m Fs|``)."""
    return {abs(k * rate - m * sample_rate) for k in (1, 2, 3) for m in (1, 2)}


def controlled(frames: Frames, sample_rate: int, found: dict) -> dict | None:
    """``found`` (:func:`compare`'s record for a rate ``R``) with ``control_corr``, the best
    correlation read about the control points ``R * CONTROLS`` over ``CONTROL_CELLS`` cells or
    more, when its own stands ``CONTROL_MARGIN`` over it; else None (and when no control
    could be read: a comb's peaks stand clear of the floor on both sides only where they
    meet, an image's band does about any point)."""
    folded, upto = found.get("folded", False), NEAR if found.get("near") else None
    controls = (
        compare(frames, sample_rate, round(found["rate"] * m), folded, upto) for m in CONTROLS
    )
    best = max((c["corr"] for c in controls if c and c["cells"] >= CONTROL_CELLS), default=None)
    if best is None or found["corr"] - best < CONTROL_MARGIN:
        return None
    return {**found, "control_corr": best}


def mirrored(frames: Frames, sample_rate: int, rate: int, least: float = MIN_CORR) -> bool:
    """Whether the band above ``rate``'s Nyquist frequency is the band under it mirrored
    (:func:`compare`'s correlation at least ``least`` over cells enough, :func:`enough`), or the
    band just past it is (:func:`_near`, over its controls: :func:`controlled`)."""
    found = compare(frames, sample_rate, rate)
    if enough(found, sample_rate) and found["corr"] >= least:
        return True
    near = _near(frames, sample_rate, rate)  # a gentle filter's images, just past N
    return bool(near and controlled(frames, sample_rate, near))


def folded_at(frames: Frames, sample_rate: int, read: dict | None) -> dict | None:
    """The folded read (:func:`compare` with ``folded``) at the rate of ``read``, its plain
    read, when ``sample_rate`` is no multiple of that rate, ``read`` reaches ``FOLDED_FROM``
    over ``MIN_CELLS`` cells or more and the folded read reaches ``FOLDED_CORR``; else None."""
    if not read or read["cells"] < MIN_CELLS or read["corr"] < FOLDED_FROM:
        return None
    if sample_rate % read["rate"] == 0:
        return None
    found = compare(frames, sample_rate, read["rate"], folded=True)
    return found if found and found["corr"] >= FOLDED_CORR else None
