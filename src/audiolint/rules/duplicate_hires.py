"""D003 beside a hi-res copy (88.2 kHz or more): whether it holds any band a lower-rate copy of
the group lacks (:func:`hires_within`), and the rate it then counts at (:func:`hires_rate`).
Split from :mod:`audiolint.rules.duplicate_traits`; no numpy, as the rules' import."""

from __future__ import annotations

from audiolint.rules.duplicate_traits import decoded

# A copy at 88.2 kHz or more (analysis.upsampled.HIRES_RATE, not imported: numpy) whose measured
# content stops within a resampler's skirt of a lower-rate copy's Nyquist frequency holds nothing
# that copy lacks but that skirt. FFmpeg's loudnorm writes 192 kHz unless told otherwise, through
# swresample, whose skirt past the old N reaches 1.10-1.17 N in 16-bit copies (session 54: 68
# copies of the real corpus's sources), and D003 kept such copies "ideally", for their rate
# (review 54a: 98 findings in 8 groups; review 54b: 7 of 12 folders). A recording whose own
# content ends that near past N reads alike (review 54c: bat recordings low-passed at 24.6-28.4
# kHz, their 48 kHz copies now kept): what it holds there, a voice model trained at 40 or 48 kHz
# never uses, and the advice says how far it reaches. Only copies under 88.2 kHz are read
# against (review 54c: an Opus decode at 88.2 kHz was kept over the loudnorm copy of the take)
HIRES_RATE, HIRES_NEAR = 88200, 1.2
# The fidelity record's band_db bands (analysis.spectrum.LEVEL_BAND_HZ, not imported: numpy),
# and a resampler's least wall, flat around it (analysis.resampler.SHALLOW_DROP_DB)
LEVEL_BAND_HZ, WALL_DB = 500.0, 20.0


def hires_within(f, files):
    """The copy at the lowest rate under ``HIRES_RATE`` beside hi-res copy ``f`` (``HIRES_RATE``
    or more) whose Nyquist frequency ``f``'s measured content stays within ``HIRES_NEAR`` of, or
    None: ``f`` holds nothing that copy lacks but a resampler's skirt (its content's reach is
    read, not assumed)."""
    rate, reach = f.props.sample_rate or 0, (f.fidelity or {}).get("reach_hz")
    if rate < HIRES_RATE or not reach:
        return None
    lower = [
        o for o in files
        if o is not f and 0 < (o.props.sample_rate or 0) < HIRES_RATE
        and reach <= HIRES_NEAR * o.props.sample_rate / 2
    ]  # fmt: skip
    return min(lower, key=lambda o: o.props.sample_rate, default=None)


def hires_rate(f, within) -> int:
    """The rate hi-res copy ``f`` counts at beside ``within`` (:func:`hires_within`): that
    copy's sample rate; and where ``f`` is lossy or decoded from lossy audio, ``within`` is
    neither, and ``f``'s spectrum falls at ``within``'s old Nyquist frequency (T002's old rate)
    as ``within``'s does (:func:`falls_as`), no more than that old rate: ``f`` went through
    that wall, and its band past it is its codec's and its resampler's fill (a newcomer's
    folder, session 55: a take T002 reads as upsampled from 32 kHz, and its MP3 128k decode
    through FFmpeg's loudnorm at 192 kHz, whose "content" from 16 to 20.1 kHz lies under the
    take's own floor there; D003 kept the decode "ideally", at 44.1 kHz over the take's 32). A
    hi-res decode that holds its band on past that wall is the source the copy was cut from
    (review 56a: a 96 kHz MP3 320 decode and its copy through 24 kHz, the copy kept)."""
    rate = within.props.sample_rate or 0
    old = (within.fidelity or {}).get("upsampled_from")
    if old and not decoded(within) and decoded(f) and falls_as(f, within, old / 2):
        return min(rate, old)
    return rate


def falls_as(f, other, hz: float) -> bool:
    """Whether copy ``f``'s mean spectrum (fidelity ``band_db``) falls at ``hz`` by
    ``WALL_DB`` or more, or at least half as far as ``other``'s does there (which falls half
    ``WALL_DB`` or more): the wall ``other``
    holds stands in ``f`` too. Each fall: the two bands under ``hz`` less one (a resampler's
    wall starts falling at 0.94 of it), against the two over it less one. False where either
    was not measured. Review 56a's folders: copies made from a take through a codec and a
    resampler fell 22-71 dB at its old Nyquist frequency, the take 18-75; hi-res decodes the
    takes were cut from, 2-7 dB, their cut copies 23-67."""
    falls = [_fall((c.fidelity or {}).get("band_db"), hz) for c in (f, other)]
    if None in falls:
        return False
    # ...and only where ``other`` falls there itself, by half a resampler's least wall: its
    # wall read in the loud frames alone can leave its mean spectrum nearly flat, and any fall
    # of ``f``'s would then pass (a read-through of f9c02ee)
    return falls[1] >= WALL_DB / 2 and falls[0] >= min(WALL_DB, falls[1] / 2)


def _fall(levels, hz: float) -> float | None:
    """How far a ``band_db`` list falls across ``hz`` (dB; None where it does not reach two
    bands past it)."""
    i = round(hz / LEVEL_BAND_HZ)
    if not levels or i < 3 or i + 3 > len(levels):
        return None
    return (sum(levels[i - 3 : i - 1]) - sum(levels[i + 1 : i + 3])) / 2
