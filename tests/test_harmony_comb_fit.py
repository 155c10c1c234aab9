"""One part of a mix through the comb the mix sets (audiolint.analysis.comb.cancel's ``fit``):
benchmarks/backing_vocals.py's comb_floor measures how loud a second speaker is against what the
comb leaves of the lead, each voice alone through the comb at the mix's period. Scaled to fit
the partner alone, the comb cancelled part of the partner too, and the partner read 3-4 dB
quieter against the lead's leftover than through the comb the analyser applies. Real voices:
two of ALSA's recorded prompts, the second 12 dB under the first."""

from __future__ import annotations

import numpy as np
from realaudio import needs_alsa, prompt

from audiolint.analysis.comb import cancel, measured_period


def frames(x: np.ndarray, n: int = 320, hop: int = 160) -> np.ndarray:
    """Rows of ``n`` samples, ``hop`` apart, each less its mean."""
    idx = np.arange(0, len(x) - n, hop)[:, None] + np.arange(n)[None, :]
    f = x[idx].astype(np.float64)
    return f - f.mean(axis=1, keepdims=True)


def mixed() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The mix's, the lead's and the partner's voiced frames (the mix's) at 8 kHz, and the
    mix's period in each."""
    lead, _ = prompt("Front_Center")
    partner, _ = prompt("Rear_Right")
    k = min(len(lead), len(partner))
    lead, partner = lead[:k:6], partner[:k:6]  # 48 kHz -> 8 kHz (speech under 4 kHz is enough)
    partner = partner * np.sqrt((lead**2).mean() / (partner**2).mean()) * 10 ** (-12 / 20)
    parts = [frames(v) for v in (lead + partner, lead, partner)]
    peak, lag, edge, _ = measured_period(parts[0], 14, 114)
    voiced = (peak >= 0.6) & ~edge
    return (*(p[voiced] for p in parts), lag[voiced])


@needs_alsa
def test_the_parts_through_the_mix_comb_sum_to_its_residue():
    """Through the comb the mix sets, the lead's and the partner's residues add up to the mix's
    (the comb is linear once its scale is fixed), and ``fit`` set to the rows themselves changes
    nothing."""
    mix, lead, partner, lag = mixed()
    assert len(mix) >= 20
    whole = cancel(mix, lag)[0]
    parts = cancel(lead, lag, mix)[0] + cancel(partner, lag, mix)[0]
    assert np.allclose(parts, whole, atol=1e-6 * np.abs(whole).max())
    assert np.array_equal(cancel(mix, lag, mix)[0], whole)


@needs_alsa
def test_a_partner_scaled_to_itself_reads_quieter():
    """The partner's own best scale cancels part of it: through the mix's comb it keeps more."""
    mix, _, partner, lag = mixed()
    own = (cancel(partner, lag)[0] ** 2).mean(axis=1)
    through = (cancel(partner, lag, mix)[0] ** 2).mean(axis=1)
    assert np.all(own <= through * (1 + 1e-9))
    assert np.median(10 * np.log10(through / own)) >= 1.0
