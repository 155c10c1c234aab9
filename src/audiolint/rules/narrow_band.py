"""Narrow band: the sound stops far under what the file's rate can hold, for no cause found.

A file's sample rate bounds its band (the Nyquist frequency N, half the rate); what it holds can
stop much lower: a telephone or radio voice (3.4-4 kHz), a muffled or low-passed recording,
audio brought up from a low rate by a filter whose wall T002 could not read (a gentle source's
own roll-off over it, FFmpeg's loudnorm writing 16 kHz speech at 192 kHz). The fidelity
analysis measures where the mean spectrum fades into the samples' quantisation floor
(``reach_hz``: nothing but the floor above it; analog hiss up to N counts as content). Where
that is under ``max_share`` of N (of the target rate's N where that is lower: a 96 kHz
recording quiet past 20 kHz holds all a 40 kHz model uses) and T001 and T002 named no cause,
the file holds no more than a file at twice that frequency would: a voice model trained on it
learns a muffled voice. A codec T001 names explains the band only where the sound reaches its
edge: an Opus decode whose sound fades out at 8.5 kHz, ``FLOOR_PAST`` times or more under the
20 kHz Opus codes to, was narrow before that encode (brought up from 16 kHz, then put on a video
site), and is named, with the codec's edge beside it. Lossless files only: a lossy file's band
is its encoder's low-pass at its bitrate, which Q002 (low bitrate) and T004 (narrower than its
bitrate keeps) judge. A file
with nothing over the floor at all (``reach_hz`` 0), or no 20 ms over RVC's slicer's -42 dBFS,
is S002's (silence, near-silent room tone, speech at a -40 dBFS peak). In a file under 16 bits
the samples' own floor hides a full-band voice's treble from 5.6 kHz on (Q004 names the bit
depth): there only a band that ends under ``COARSE_REACH_HZ`` (a telephone's) is named.
A decoder's dither or a noise floor above the band (opusdec's default dither over a 12 kbps
Opus voice note, whose content stops at 8.8 kHz in a 48 kHz file) counts as content there; so
where no reach was measured (noise over the floor up to N) and the fidelity analysis held a
cliff in the loud frames (``bandwidth_limited``), ``MIN_DEPTH_DB`` deep or more, at
``MIN_CLIFF_HZ`` or above, with no verdict naming its cause (inconclusive), the band is read at
the cliff (``cutoff_hz``; ``reach_hz`` stays null in the finding's data); so it is where a
faint floor over the samples' own goes on past such a cliff, ``FAINT_DB`` deep or more, to
``FLOOR_PAST`` times its frequency or more (a codec's or a loudness normaliser's, 40-80 dB under
the voice): the reach is quoted beside it.
Real speech recordings of the corpora reach their own N or hold hiss to it; under half of N:
a bass (Sonic Pi's woodsy bass, 7.3 kHz of 22.05), radio-filtered game voices (Nexuiz's,
3.5-4.1 kHz), 16 kHz speech written at 192 kHz by FFmpeg's loudnorm (9.1 kHz), denoised
instruments; on real speech through real tools, see benchmarks/narrow_band.py.
"""

from __future__ import annotations

from audiolint.analysis.phrases import edge_phrase
from audiolint.rules import low_bit_depth
from audiolint.rules.base import FileContext, Problem
from audiolint.text import khz, nyquist_khz

ID = "T005"
NAME = "narrow-band"
TERM = "Cutoff frequency"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "fidelity"
ANALYSERS = ("fidelity", "silence")  # silence: a file with no sound over RVC's slicer is S002's
DEFAULT = {"max_share": 0.5, "target_rate": 40000}
EXPLAINED = ("lossy-origin", "upsampled")  # T001's and T002's verdicts say why
UNTOLD = ("inconclusive",)  # no cause named (a genuine verdict's edge is a recording's roll-off)
# ...and the cliff at least this deep: 12-32 kbps Opus notes' 33-41 dB; speech's own fall read as
# an edge where no tool cut (praat's word list, csound's noisy reader: 20-23 dB at 1.1-1.2 kHz)
MIN_DEPTH_DB = 30.0
# ...at or above this (a telephone's band, the narrowest a voice is carried in, ends at 3.4 kHz):
# under it a steep fall is an instrument's own spectrum (a review found Sonic Pi's ambient piano
# through a compressor read as "content stops at 1.1 kHz", 31 dB deep, its partials going on to
# 3 kHz)
MIN_CLIFF_HZ = 3000.0
# a reach this many times the cliff's frequency or more is a faint floor going on past it (review
# 39: 1.4-2.8 times over AAC decodes and loudnorm's output of 8-11 kHz speech); nearer, the
# reach is the band's top (loudnorm's 11 kHz speech at 192 kHz: 6.4 kHz over a 6.2 kHz cliff)
FLOOR_PAST = 1.25
# ...and the cliff that deep or more: a denoiser's fall is shallower, its treble going on over it
# (csound's singer after afftdn at 30 dB: 33 dB at 3.9 kHz, the band reaching 14-19 kHz), while
# those floors stood 41-64 dB under (review 39)
FAINT_DB = 40.0
# Under 16 bits (Q004's finding) the samples' floor stands so high that a full-band voice's treble
# sinks into it early: ALSA's prompts written as 8-bit reach 5.6-8.3 kHz (16-bit: their N), review
# 58b's 8-bit MegaGlest lines 6.2-8.9 kHz. There the band is read as narrow only under this, where
# a telephone's ends (the same prompts through 300-3400 Hz, as 8-bit: 3.4-3.7 kHz)
COARSE_BITS, COARSE_REACH_HZ = low_bit_depth.DEFAULT["min_bits"], 4500.0


def check(ctx: FileContext, options: dict):
    """Yield a problem when the sound fades into the floor under ``max_share`` of N."""
    fid = ctx.fidelity or {}
    measured = reach = fid.get("reach_hz")
    rate = ctx.props.sample_rate
    if not fid.get("analysed") or reach == 0 or not rate:  # 0: nothing over the floor (S002)
        return
    if not ctx.props.lossless:  # a lossy file's band is its encoder's: Q002's and T004's
        return
    if (ctx.signal or {}).get("usable_duration_s") == 0.0:  # no sound over -42 dBFS (S002)
        return
    nyquist = rate / 2
    reach = nyquist if reach is None else reach  # none given: the band's top stands over the floor
    if fid.get("upsampled_from") or fid.get("verdict") == "upsampled":
        return
    edge = fid.get("cutoff_hz") if fid.get("verdict") == "lossy-origin" else None
    # a codec's edge explains the band only where the sound reaches it: an Opus decode whose
    # sound stops at 8.5 kHz, 11 kHz under the 20 kHz Opus codes to, was brought up from a low
    # rate before it was encoded (review 44a: 5 of 10 such chains said nothing of the band)
    lost_before = edge is not None and edge >= FLOOR_PAST * reach
    if fid.get("verdict") in EXPLAINED and not lost_before:
        return
    # the band a model at the target rate uses: a hi-res recording quiet past 20 kHz is full
    used = min(nyquist, options["target_rate"] / 2)
    limit = options["max_share"] * used
    # a cliff held in the loud frames, with noise (no reach measured) or a faint floor over the
    # samples' own (a reach above it) past it: the band is read at the cliff (a resampler's or
    # a processing chain's floor, 40-80 dB under the voice, reached the quantisation floor at
    # 6-17 kHz over walls at 4.4-6.1 kHz: review 39); a piano's partials going on past a fall
    # are under MIN_CLIFF_HZ
    cliff = fid.get("cutoff_hz") if fid.get("bandwidth_limited") else None
    depth = fid.get("depth_db") or 0
    deep = depth >= MIN_DEPTH_DB and fid.get("verdict") in UNTOLD
    deep &= measured is None or depth >= FAINT_DB  # a faint floor past it, not the treble
    cliff = cliff if cliff and deep and MIN_CLIFF_HZ <= cliff < reach / FLOOR_PAST else None
    if reach >= limit and not (cliff and cliff < limit):
        return
    bits = getattr(ctx.props, "bit_depth", None)  # (None: a lossy or float file's)
    if cliff is None and bits and bits < COARSE_BITS and reach >= COARSE_REACH_HZ:
        return  # the coarse samples' floor hides the treble: Q004 says so
    codec = (
        f"; the edge T001 reads stands far higher, at {edge / 1000:.1f} kHz, so the band ended "
        "before what made that edge"
        if lost_before
        else ""
    )
    if cliff is None:
        seen = f"its sound fades into the samples' floor by {reach / 1000:.1f} kHz"
        above, band = "with only the floor above", reach
    else:
        own = f"a faint floor (the samples' own by {reach / 1000:.1f} kHz)"
        floor = "noise" if measured is None else own
        seen, above, band = f"its {edge_phrase(fid)}", f"with only {floor} above", cliff
    yield Problem(
        f"{seen}, {100 * band / nyquist:.0f}% of the {nyquist_khz(nyquist)} its {khz(rate)} "
        f"rate holds, {above} (as a telephone or radio voice, a muffled, low-passed or "
        "denoised recording, a low-bitrate voice note, audio brought up from a low rate, or "
        f"one too quiet for its bits leaves it){codec}; a model trained on it learns a voice "
        "without high frequencies",
        data={
            "reach_hz": measured,
            "nyquist_hz": nyquist,
            "verdict": fid.get("verdict"),
            "target_rate": options["target_rate"],
        }  # fmt: skip
        | ({"cutoff_hz": cliff} if band == cliff else {}),
    )
