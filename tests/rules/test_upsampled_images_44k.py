"""T002 on 44.1 -> 48 kHz copies whose images show only in the narrow band past 22.05 kHz.

SciPy's ``resample_poly`` (and FFmpeg's default swresample) leave the band under 22.05 kHz
mirrored in the 22.5-23.3 kHz band of a 48 kHz file, the only band above that old Nyquist
frequency that the mirror reads: a few dozen time-frequency cells at most. Regression (session
37): a real piano recording (tests/data/ambi_piano.flac, CC0) brought up so read 0.8 over about
100 cells, under the 150 asked of every band: no images, no finding. A second change (a divisor
of the rate found counts only over its own controls: csound's oboe through SciPy read 0.41 at
22.05 kHz, a comb, which stood in for its 0.89 at 44.1 kHz) is tested on fixed reads here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from scipy import signal

from audiolint.analysis import codecgrid, imaging

DATA = Path(__file__).resolve().parent.parent / "data"


def frames_of(x: np.ndarray, sr: int) -> imaging.Frames:
    """The spectra of the spans the fidelity analyser keeps."""
    excerpt = codecgrid.Excerpt()
    excerpt.update(x.astype(np.float32)[:, None])
    return imaging.frames_db(excerpt.spans(), sr, 16)


def piano_at_48k(tmp_path: Path, window) -> Path:
    """The committed piano clip brought from 44.1 to 48 kHz by SciPy, written at 16 bits."""
    x, sr = sf.read(DATA / "ambi_piano.flac")
    assert sr == 44100
    up = signal.resample_poly(x, 160, 147, window=window)
    path = tmp_path / "piano48.wav"
    sf.write(path, np.clip(up, -1, 1), 48000, subtype="PCM_16")
    return path


@pytest.mark.parametrize("window", [("kaiser", 5.0), "hamming"])
def test_piano_brought_to_48k_is_called_upsampled_from_44k(tmp_path, run_rule, window):
    path = piano_at_48k(tmp_path, window)
    frames = frames_of(sf.read(path)[0], 48000)
    read = imaging.compare(frames, 48000, 44100)
    # fewer cells than a wide band asks for, enough for the narrow one
    assert imaging.NARROW_CELLS <= read["cells"] < imaging.MIN_CELLS
    assert read["corr"] >= imaging.MIN_CORR
    [f] = run_rule(path, "T002")
    assert f.data["upsampled_from"] == 44100
    assert "the band above 22.05 kHz, the Nyquist frequency of 44.1 kHz audio" in f.message
    assert "mirrors the band under it" in f.message


def fake_reads(monkeypatch, reads: dict[int, tuple[float, int]]) -> None:
    """:func:`imaging.compare` replaced by fixed reads, ``{rate: (corr, cells)}`` (control
    points and rates not listed read nothing), to test the choice between rates alone."""

    def compare(frames, sample_rate, rate, folded=False, upto=None, since=1.02):
        if rate not in reads or folded:
            return None
        corr, cells = reads[rate]
        return {"rate": rate, "corr": corr, "image_db": -5.0, "cells": cells}

    monkeypatch.setattr(imaging, "compare", compare)


def test_a_divisor_that_fails_its_controls_does_not_stand_in(monkeypatch):
    """A comb (a periodic sound's partials) reads at a divisor of the rate, and about the
    control points by it as well: 22.05 kHz is then no old rate, and 44.1 kHz's images stand
    (before: the divisor was taken, failed its controls, and nothing was found)."""
    comb = {22050: (0.45, 3000), round(22050 * 0.97): (0.43, 3000)}
    fake_reads(monkeypatch, {**comb, 44100: (0.9, 200), round(44100 * 0.97): (0.1, 200)})
    found = imaging.measure(None, 48000)
    assert found["rate"] == 44100 and found["control_corr"] == 0.1


def test_the_lowest_rate_read_decides_alone(monkeypatch):
    """A higher rate is not tried when the lowest that reads fails its controls: a periodic
    sound's comb mirrors about many points, and each rate tried would give it another chance
    (a 147 Hz buzz at 22.05 kHz found a rate whose controls read 0.3 under it)."""
    comb = {16000: (0.7, 2000), round(16000 * 1.015): (0.68, 2000)}
    fake_reads(monkeypatch, {**comb, 44100: (0.9, 200), round(44100 * 1.03): (0.2, 200)})
    assert imaging.measure(None, 48000) is None
    fake_reads(monkeypatch, {44100: (0.9, 200), round(44100 * 1.03): (0.2, 200)})
    assert imaging.measure(None, 48000)["rate"] == 44100


def test_the_piano_as_recorded_has_no_images():
    x, sr = sf.read(DATA / "ambi_piano.flac")
    assert imaging.measure(frames_of(x, sr), sr) is None


def test_enough_asks_fewer_cells_only_of_a_narrow_band():
    read = {"rate": 44100, "cells": imaging.NARROW_CELLS, "corr": 0.9}
    assert imaging.enough(read, 48000)
    assert not imaging.enough({**read, "cells": imaging.NARROW_CELLS - 1}, 48000)
    # only in a file of 48 kHz or more: 22.05 kHz's band in a 24 kHz file was never measured
    assert not imaging.enough({**read, "rate": 22050}, 24000)
    # 32 kHz's band in a 44.1 or 48 kHz file is kilohertz wide: MIN_CELLS as before
    assert not imaging.enough({**read, "rate": 32000, "cells": imaging.MIN_CELLS - 1}, 44100)
    assert imaging.enough({**read, "rate": 32000, "cells": imaging.MIN_CELLS}, 48000)
    assert not imaging.enough(None, 48000)
