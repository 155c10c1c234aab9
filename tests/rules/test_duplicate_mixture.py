"""D003 tells a copy from a mixture: a file that holds another file's audio with another sound
over it (a vocal beside its mix with music) is not "the same audio", and the one to keep is the
one without that sound.

Where one file is quiet (its pauses), a copy stays quiet too, whatever its gain, rate or codec,
while music, another voice, noise or echo laid over it fills the pauses
(:func:`audiolint.analysis.dedupe_extra.extra_db`). Before this, ALSA's prompts beside the same
prompts with a guitar 12 dB under them read "its audio also appears inside mix.wav ...",
keeping the mix; and three files (the mix, the vocal, a copy of the mix) ranked the first, the
mix, to keep.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompts
from scipy.signal import resample_poly

from audiolint import api
from audiolint.analysis.dedupe_extra import extra_db
from audiolint.config import Config
from audiolint.rules.duplicate_rank import EXTRA_DB

GUITAR = Path(__file__).parents[1] / "data" / "guit_em9_sbc229k.flac"
ARCTIC = Path(__file__).parents[1] / "data" / "arctic_aew_a0002.flac"


def _rms(x: np.ndarray) -> float:
    """RMS of the 20 ms frames within 30 dB of the loudest (the voice, not its pauses)."""
    f = x[: len(x) // 960 * 960].reshape(-1, 960)
    p = (f * f).mean(axis=1)
    return float(np.sqrt(p[p >= p.max() * 1e-3].mean()))


def _mix(x: np.ndarray, sr: int, under_db: float) -> np.ndarray:
    """``x`` with the committed guitar clip looped under it, ``under_db`` under its level."""
    g, gsr = sf.read(GUITAR, always_2d=True)
    g = np.resize(resample_poly(g.mean(axis=1), sr, gsr), len(x))
    y = x + g * _rms(x) / _rms(g) * 10 ** (-under_db / 20)
    return 0.8 * y / np.abs(y).max()


def _dups(tmp_path) -> dict:
    report = api.check([tmp_path], Config(select=("D003",)))
    return {Path(fr.path).name: [f for f in fr.findings if f.rule == "D003"] for fr in report.files}


@needs_alsa
def test_a_vocal_beside_its_mix_keeps_the_vocal(tmp_path):
    x, sr = prompts(0.5)
    sf.write(tmp_path / "vocals.wav", 0.8 * x / np.abs(x).max(), sr, subtype="PCM_16")
    sf.write(tmp_path / "mix.wav", _mix(x, sr, 12.0), sr, subtype="PCM_16")
    dups = _dups(tmp_path)
    assert dups["vocals.wav"] == []
    [f] = dups["mix.wav"]
    assert (
        f.message.startswith("holds the audio of ") and "vocals.wav with another sound" in f.message
    )
    assert f.data["keep"].endswith("vocals.wav") and f.data["extra_sound_db"] >= EXTRA_DB


@needs_alsa
def test_a_copy_of_the_mix_is_the_same_audio_and_the_vocal_is_still_kept(tmp_path):
    x, sr = prompts(0.5)
    y = _mix(x, sr, 20.0)
    sf.write(tmp_path / "a_mix.wav", y, sr, subtype="PCM_16")
    sf.write(tmp_path / "b_vocals.wav", 0.8 * x / np.abs(x).max(), sr, subtype="PCM_16")
    sf.write(tmp_path / "c_mix_copy.flac", 0.5 * y, sr, subtype="PCM_16")
    dups = _dups(tmp_path)
    assert dups["b_vocals.wav"] == []
    [mix] = dups["a_mix.wav"]
    assert "another sound" in mix.message and mix.data["keep"].endswith("b_vocals.wav")
    [copy] = dups["c_mix_copy.flac"]
    assert copy.message.startswith("same audio as ") and "another sound" not in copy.message


@needs_alsa
def test_copies_keep_their_source_s_pauses():
    """A copy 6 dB down or at 16 kHz reads no extra sound (both ways), the mix 12 dB under
    the voice reads it, on the levels and words the fingerprint keeps."""
    x, sr = prompts(0.5)
    base = _print(x, sr)
    for copy, rate in ((0.5 * x, sr), (resample_poly(x, 1, 3), 16000)):
        b_extra, a_extra = _extra(base, _print(copy, rate))
        assert b_extra is not None and abs(b_extra) < 3 and abs(a_extra) < 3
    b_extra, a_extra = _extra(base, _print(_mix(x, sr, 12.0), sr))
    assert b_extra >= EXTRA_DB and a_extra is None  # the mix has no pause to read the other in


def test_a_fade_moves_the_level_of_the_same_audio(tmp_path):
    """Review 43c: a copy of tight speech faded out over its last 2 s (its only quiet frames
    are the fade's) read the ORIGINAL as holding "another sound" where the copy is quiet (32 dB
    on CMU ARCTIC's aew a0002 by the levels alone), and kept the faded copy. Where the quiet
    frames hold the same audio (their words match), nothing is extra."""
    x, sr = sf.read(ARCTIC)
    fade = x.copy()
    n = 2 * sr
    fade[-n:] *= np.linspace(1.0, 0.0, n) ** 3
    b_extra, a_extra = _extra(_print(x, sr), _print(fade, sr))
    assert a_extra is not None and a_extra < EXTRA_DB, a_extra
    sf.write(tmp_path / "a_original.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "b_faded.wav", fade, sr, subtype="PCM_16")
    [f] = _dups(tmp_path)["b_faded.wav"]
    assert f.message.startswith("same audio as ") and "another sound" not in f.message
    assert f.data["keep"].endswith("a_original.wav")


def _print(y: np.ndarray, rate: int) -> dict:
    from audiolint.analysis import fingerprint

    fp = fingerprint.factory(rate, 1)
    fp.update(y.astype(np.float32)[:, None])
    return fp.result()


def _extra(a: dict, b: dict):
    return extra_db(a["levels"], b["levels"], a["words"], b["words"], 0)
