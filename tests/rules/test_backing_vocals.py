"""S009 backing-vocals: a voice with a second one in harmony under it is flagged, with the second
pitch as evidence; real solo speech (recorded and synthesised) is not, nor a singer whose last
note rings on in the hall under the next, nor a real solo voice in a reverberant room."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from realaudio import (
    csound_example,
    espeak,
    needs_alsa,
    needs_csound_doc,
    needs_espeak,
    prompts,
)

from audiolint import api
from audiolint.analysis import harmony, second_voice
from audiolint.analysis.harmony import Harmony, butterworth_lowpass
from audiolint.analysis.voice import Voice
from audiolint.config import Config

TEXT = "Every file in a voice dataset should hold the voice itself and nothing sung over it"


def measure(x: np.ndarray, sr: int) -> dict:
    return _feed(x, sr).result()


@needs_espeak
def test_a_harmony_under_the_voice_is_flagged(tmp_path, run_rule):
    # the same sentence spoken at two pitches (espeak-ng -p keeps the timing): a second voice
    low, sr = espeak(tmp_path / "low.wav", TEXT, voice="en")
    high = _pitched(tmp_path, 75)
    n = min(len(low), len(high))
    sf.write(tmp_path / "duet.wav", 0.4 * (low[:n] + 0.5 * high[:n]), sr, subtype="PCM_16")
    [f] = run_rule(tmp_path / "duet.wav", "S009")
    assert f.severity == "warning" and f.term == "Backing vocals" and "second pitch" in f.message
    assert f.data["second_voice_ratio"] >= 0.15
    # worded as measured: pitches, not voices (an instrument S007 misses has a second pitch too)
    assert "of the pitched time" in f.message and "dB under the whole sound" in f.message
    # a delayed copy of the voice reads so too (review 44c: ffmpeg's aecho at 1 s on solo
    # singing, 2 of 2): the message names an echo among the causes, and its remedy
    assert "the voice's own echo" in f.message and "remove the echo" in f.message
    # the evidence: the higher voice's own pitch, at roughly the level it was mixed in (-6 dB)
    assert abs(np.log2(f.data["second_pitch_hz"] / pitch(high, sr))) < 0.15
    assert -12.0 < f.data["second_voice_db"] < 0.0
    assert run_rule(tmp_path / "low.wav", "S009") == []


def pitch(x: np.ndarray, sr: int) -> float:
    v = Voice(sr, 1)
    v.update(x[:, None].astype(np.float32))
    return v.result()["pitch_hz"]


def _pitched(tmp_path, pitch: int) -> np.ndarray:
    import subprocess

    subprocess.run(["espeak-ng", "-v", "en", "-p", str(pitch), "-w", "high.wav", TEXT],
                   check=True, cwd=tmp_path)  # fmt: skip
    return sf.read(tmp_path / "high.wav", dtype="float32")[0]


@needs_alsa
def test_recorded_speech_alone_has_no_second_voice(tmp_path, run_rule):
    speech, sr = prompts(0.25)
    sf.write(tmp_path / "prompts.wav", speech, sr, subtype="PCM_16")
    assert run_rule(tmp_path / "prompts.wav", "S009") == []
    assert measure(speech, sr)["second_voice_ratio"] < 0.05


def test_too_little_voice_cannot_tell(gen):
    assert measure(gen.noise(22050, 3.0, amp=0.2)[:, 0], 22050)["second_voice_ratio"] is None


def test_the_lowpass_is_a_butterworth():
    sos = butterworth_lowpass(1500.0, 8000.0)
    w = np.exp(-1j * 2 * np.pi * np.array([100.0, 1500.0, 3000.0]) / 8000.0)
    h = np.prod([(s[0] + s[1] * w + s[2] * w**2) / (1 + s[4] * w + s[5] * w**2) for s in sos], 0)
    assert np.allclose(20 * np.log10(np.abs(h)), [0.0, -3.01, -66.95], atol=0.05)


def test_one_gliding_voice_is_not_two(gen):
    """A single voice whose pitch glides inside a frame leaves a comb residue that still repeats
    at the main period; its next-strongest period (3/2 of the pitch) read as a second voice on
    seed 14 (19 % of the voiced time; samples/eight_bit.wav fired S009)."""
    for seed in (3, 14, 21):
        x = gen.speechlike(44100, 2.0, seed=seed)[:, 0]
        assert measure(x, 44100)["second_voice_ratio"] < 0.05, seed


def sung(f0: float, seconds: float, sr: int) -> np.ndarray:
    """A sung note: seven harmonics falling as 1/k, with a 5.5 Hz vibrato of 30 cents."""
    t = np.arange(int(seconds * sr)) / sr
    phase = 2 * np.pi * np.cumsum(f0 * 2 ** (30 / 1200 * np.sin(2 * np.pi * 5.5 * t))) / sr
    return sum(np.sin(k * phase) / k for k in range(1, 8))


def test_the_last_note_ringing_on_is_an_echo_not_a_second_voice(monkeypatch):
    """A note at 460 Hz, then one at 410 Hz while the first decays under it (-6 dB, then 30 dB a
    second, as in a hall): the second pitch is the singer's own previous note. A third at 517 Hz
    that the singer never held is a second voice."""
    sr, d = 22050, 1.2
    first = sung(460.0, 2 * d, sr)
    t = np.arange(len(first)) / sr
    first *= np.where(t < d, 1.0, 0.5 * 10 ** (-1.5 * (t - d)))
    echo = first.copy()
    echo[int(d * sr) :] += sung(410.0, d, sr)
    assert measure(echo, sr)["second_voice_ratio"] < 0.1
    duet = np.concatenate([sung(460.0, d, sr), sung(410.0, d, sr) + 0.3 * sung(517.0, d, sr)])
    found = measure(duet, sr)
    assert found["second_voice_ratio"] >= 0.3 and abs(found["second_pitch_hz"] - 517) < 15
    # without the echo tests, the hall is a voice
    monkeypatch.setattr(second_voice, "COMB_ECHOES", ())
    monkeypatch.setattr(second_voice, "SPECTRAL_ECHOES", ())
    assert measure(echo, sr)["second_voice_ratio"] >= 0.15


@needs_csound_doc
def test_a_soprano_in_a_hall_is_one_voice(tmp_path, run_rule):
    """singFemale.aif fired S009 at 33 % of its voiced time (second pitch 420 Hz, -15 dB): each
    note it sang rang on under the next."""
    path = csound_example("singFemale.aif", tmp_path)
    assert run_rule(path, "S009") == []
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    assert measure(x.mean(axis=1), sr)["second_voice_ratio"] < 0.12


def test_two_voices_trading_loudness_are_two():
    """Two sung voices, 300 and 361 Hz, each in turn the louder every 60 ms (as two speakers
    are): the main pitch follows the louder one and the second pitch swaps with it. Paired only
    with the same second pitch a frame later, and the main voice's own earlier notes taken for
    echoes, 0.23 of the voiced time counted; with swapped pairs, 0.91."""
    sr, d = 22050, 3.0
    t = np.arange(int(d * sr)) / sr
    louder = np.where((t // 0.06) % 2 == 0, 1.0, 0.4)
    x = louder * sung(300.0, d, sr) + (1.4 - louder) * sung(361.0, d, sr)
    assert measure(x, sr)["second_voice_ratio"] >= 0.5
    assert measure(sung(300.0, d, sr), sr)["second_voice_ratio"] < 0.05


@needs_alsa
@needs_csound_doc
def test_a_flute_under_recorded_speech_is_flagged(tmp_path, run_rule, monkeypatch):
    """csound's flute 12 dB under the ALSA prompts (RMS of the sounding samples): its held notes
    sound on through the prompts' pauses, where the flute is the main pitch, so with any pitch of
    the second before taken for the voice's echo they were dropped (0.116 of the voiced time
    counted, a known miss); an echo is quieter than its source (ECHO_SLACK_DB), and the flute is
    as loud under the voice as it was alone: 0.19, flagged."""
    speech, sr = prompts(0.25)
    x = speech + _under(speech, sr, csound_example("flute.aiff", tmp_path), -12)
    sf.write(tmp_path / "bed.wav", 0.5 * x / np.abs(x).max(), sr, subtype="PCM_16")
    [f] = run_rule(tmp_path / "bed.wav", "S009")
    assert f.data["second_voice_ratio"] >= 0.15
    monkeypatch.setattr(second_voice, "ECHO_SLACK_DB", np.inf)  # any earlier pitch is a source
    assert measure(x, sr)["second_voice_ratio"] < 0.15


@needs_csound_doc
def test_an_oboe_alone_is_one_instrument_read_at_two_pitches(tmp_path):
    """csound's oboe alone leaves a second pitch in over a fifth of its pitched time (0.26):
    its period read by turns at its pitch and at a ratio of it, the comb leaving the oboe's own
    period as a "second" one. Its main pitch has no strong partial off the second's series
    there (sieve.no_partial_of_its_own), so none of it counts as a pitch of its own
    (second_own_ratio, which S009 reads); S007 reads the whole share, a sign of an instrument."""
    path = csound_example("oboe.aiff", tmp_path)
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    got = measure(x.mean(axis=1), sr)
    assert got["second_voice_ratio"] >= 0.15 and got["second_own_ratio"] < 0.05, got
    assert _rules_found(path, tmp_path, select=("S007", "S009")) == ["S007"]
    assert _rules_found(path, tmp_path, select=("S009",)) == []


def _duet(tmp_path) -> Path:
    """csound's oboe with its flute 6 dB under it (2.6 s, both csound-doc's recordings): two
    instruments, no voice."""
    from scipy.signal import resample_poly

    parts = []
    for name in ("oboe.aiff", "flute.aiff"):
        x, sr = sf.read(csound_example(name, tmp_path), always_2d=True)
        parts.append(resample_poly(x.mean(axis=1), 44100, sr))
    n = min(map(len, parts))
    oboe, flute = (p[:n] for p in parts)
    y = oboe + flute * 10 ** (-6 / 20) * np.sqrt(np.mean(oboe**2) / np.mean(flute**2))
    path = tmp_path / "duet.wav"
    sf.write(path, 0.5 * y / np.abs(y).max(), 44100, subtype="PCM_16")
    return path


@needs_csound_doc
def test_an_instrument_duet_is_left_to_s007(tmp_path):
    """The oboe and the flute under it hold notes (S007: no voice) and a second pitch of its
    own in over a third of the pitched time: no voice is there to back, so where S007 runs S009
    stays silent and S007's finding names the file."""
    path = _duet(tmp_path)
    x, sr = sf.read(path)
    assert measure(x, sr)["second_own_ratio"] >= 0.15
    assert _rules_found(path, tmp_path, select=("S007", "S009")) == ["S007"]


@needs_csound_doc
def test_s009_judges_alone_where_s007_does_not_run(tmp_path):
    """S009 leaves a file to S007 only when S007 runs on it, with the options it runs with: with
    S007 ignored, not selected, ignored for the file or set not to flag it, the duet gets S009's
    own verdict."""
    path = _duet(tmp_path)
    both = ("S007", "S009")
    [f] = _found(path, tmp_path, select=both, ignore=("S007",))
    assert f.rule == "S009" and f.data["second_own_ratio"] >= 0.15
    assert _rules_found(path, tmp_path, select=("S009",)) == ["S009"]
    skip = {"*duet*": ("S007",)}
    assert _rules_found(path, tmp_path, select=both, per_path_ignores=skip) == ["S009"]
    quiet = {"S007": {"min_sounding_s": 1e6}}  # S007 set to judge nothing this short
    assert _rules_found(path, tmp_path, select=both, rule_options=quiet) == ["S009"]


def _found(path, tmp_path, **settings) -> list:
    """The S rules' findings on ``path``, the analysis cached in ``tmp_path`` (S007 and S009
    read the same analysers, so it runs once)."""
    config = Config(cache_dir=str(tmp_path / "cache"), jobs=1, **settings)
    return [f for f in api.check([path], config).all_findings() if f.rule.startswith("S")]


def _rules_found(path, tmp_path, **settings) -> list[str]:
    return sorted(f.rule for f in _found(path, tmp_path, **settings))


@needs_alsa
@needs_csound_doc
def test_a_second_speaker_is_found_in_the_leads_pauses(tmp_path, run_rule):
    """csound's Finnegans Wake reader 12 dB under the ALSA prompts (both real male speakers):
    where both talk at pitches apart (over 0.15 octave, not an octave) with the main pitch the
    lead's, the spectrum's second pitch is the reader's own (as measured on him alone) in 0.44
    of the frames, but stands out of the residue (PEAKINESS) in only 0.16; and those frames are
    0.26 of the voiced time (the prompts pause, the two voices meet or cross). The ratio, 0.09-0.12,
    stays under min_ratio: under the lead he is mostly missed. In the prompts' pauses he talks
    on alone (alone_voice_ratio 0.2 on the installed ALSA prompts), at pitches found under the
    lead too, and the two together pass min_with_alone."""
    speech, sr = prompts(0.25)
    reader = _under(speech, sr, csound_example("finneganswake1.flac", tmp_path), -12)
    mix = _feed(speech + reader, sr)
    lead, own, rows = (np.concatenate(a.out).T for a in (_feed(speech, sr), _feed(reader, sr), mix))
    n = min(rows.shape[1], lead.shape[1], own.shape[1])
    lead, own, rows = lead[:, :n], own[:, :n], rows[:, :n]
    apart = np.abs(np.log2(own[5] / lead[5]))
    both = (lead[1] > 0) & (own[1] > 0) & (rows[7] > 0) & (apart > 0.15) & (abs(apart - 1) > 0.15)
    both &= np.abs(np.log2(rows[5] / lead[5])) < 0.04
    found = both & (np.abs(np.log2(rows[6] / own[5])) < 0.06)
    assert found.sum() / both.sum() >= 0.35
    assert (found & (rows[7] >= harmony.PEAKINESS)).sum() / both.sum() < 0.25
    assert both.sum() / mix._voiced().sum() < 0.35
    assert 0.05 <= mix.result()["second_voice_ratio"] < 0.15
    assert mix.result()["alone_voice_ratio"] >= 0.1
    sf.write(tmp_path / "two.wav", 0.5 * (speech + reader) / np.abs(speech + reader).max(), sr)
    (f,) = run_rule(tmp_path / "two.wav", "S009")
    assert f.data["second_voice_ratio"] < 0.15 and "pauses" in f.message


def _feed(x: np.ndarray, sr: int) -> Harmony:
    a = Harmony(sr, 1)
    x = (0.5 * x / np.abs(x).max()).astype(np.float32)[:, None]
    for i in range(0, len(x), 4096):
        a.update(x[i : i + 4096])
    return a


def reverberant(x: np.ndarray, sr: int, rt60: float, wet: float) -> np.ndarray:
    """``x`` in a simulated room: the direct sound plus an exponentially decaying noise tail
    (-60 dB after ``rt60`` seconds), ``wet`` times the direct sound's RMS."""
    from scipy.signal import fftconvolve

    t = np.arange(int(1.2 * rt60 * sr)) / sr
    tail = np.random.default_rng(0).standard_normal(len(t)) * np.exp(-6.9 * t / rt60)
    tail *= wet / np.sqrt(np.sum(tail**2))
    tail[0] += 1.0
    return fftconvolve(x, tail)


@needs_alsa
@needs_csound_doc
def test_one_voice_in_a_reverberant_room_is_not_two(tmp_path, run_rule, monkeypatch):
    """A solo voice's reverberation holds its previous syllables and notes under the next: the
    ALSA prompts in a 0.8 s room read 0.110 (0.127 at 7bd3377), csound's sing.wav (one singer)
    in a 1.6 s room 0.108. The second pitch there is mostly a pitch the voice itself sang in the
    second before (the main pitch track followed with a lag): without the echo tests (the comb's
    and the spectrum's) they read 0.19 and 0.17 and S009 fired on both (0.21 and 0.20 at
    7bd3377, before the spectrum's own-partials test, multipitch.OWN_SHARE)."""
    speech, sr = prompts(0.25)
    singer, ssr = sf.read(csound_example("sing.wav", tmp_path), always_2d=True)
    rooms = []
    for name, x, rate, rt60, wet in (("speech", speech, sr, 0.8, 1.0),
                                     ("singer", singer.mean(axis=1), ssr, 1.6, 0.5)):  # fmt: skip
        y = reverberant(x, rate, rt60, wet)
        sf.write(tmp_path / f"{name}.wav", 0.5 * y / np.abs(y).max(), rate, subtype="PCM_16")
        assert run_rule(tmp_path / f"{name}.wav", "S009") == [], name
        rooms.append((y, rate))
    monkeypatch.setattr(second_voice, "SPECTRAL_ECHOES", ())
    monkeypatch.setattr(second_voice, "COMB_ECHOES", ())
    assert all(measure(y, rate)["second_voice_ratio"] >= 0.15 for y, rate in rooms)


@needs_alsa
@needs_csound_doc
def test_the_spectrum_sees_an_oboe_under_recorded_speech(tmp_path):
    """After the voice's partials are cancelled, a second harmonic series stands out of the
    residue's salience (PEAKINESS times the median candidate's) in a fifth of the voiced frames
    (0.20) with csound's oboe 12 dB under the ALSA prompts, and in 0.05 of them in the speech
    alone: its own leftovers score about alike at every candidate."""
    speech, sr = prompts(0.25)
    oboe = _under(speech, sr, csound_example("oboe.aiff", tmp_path), -12)

    def peaked(x: np.ndarray) -> float:
        a = Harmony(sr, 1)
        a.update((0.5 * x / np.abs(x).max()).astype(np.float32)[:, None])
        rows = np.concatenate(a.out)
        return float(np.mean(rows[rows[:, 1] > 0, 7] >= harmony.PEAKINESS))

    assert peaked(speech) < 0.1
    assert peaked(speech + oboe) > 0.15


def _under(speech: np.ndarray, sr: int, path, db: float) -> np.ndarray:
    """The sound at ``path``, mono at ``sr``, looped or cut to the speech's length, at ``db``
    under it (RMS of the sounding samples)."""
    from math import gcd

    from scipy.signal import resample_poly

    y, rate = sf.read(path, always_2d=True)
    g = gcd(rate, sr)
    y = np.resize(resample_poly(y.mean(axis=1), sr // g, rate // g), len(speech))
    return y / _rms(y) * _rms(speech) * 10 ** (db / 20)


def _rms(v: np.ndarray) -> float:
    loud = np.abs(v) > 0.01 * np.abs(v).max()
    return float(np.sqrt(np.mean(v[loud] ** 2)))


@needs_alsa
@needs_espeak
def test_a_second_speaker_who_spoke_alone_first_is_not_an_echo(tmp_path, monkeypatch):
    """espeak-ng (en+m3) talking on 9 dB under the ALSA prompts: where the prompts pause, it is
    the main voice, and when they resume it goes on under them at its own level, near the pitch it
    had. Any pitch the main voice sang in the second before counted as that voice's echo, so the
    partner's own continuation was dropped (0.077 of the voiced time counted); an echo is quieter
    than its source (ECHO_SLACK_DB), and those frames now count (0.098)."""
    speech, sr = prompts(0.25)
    words = "and a second speaker talking under the first is another voice the model learns"
    partner, rate = espeak(tmp_path / "partner.wav", f"{TEXT}, {words}", voice="en+m3")
    path = tmp_path / "partner.flac"
    sf.write(path, partner, rate)
    x = speech + _under(speech, sr, path, -9)
    now = measure(x, sr)["second_voice_ratio"]
    monkeypatch.setattr(second_voice, "ECHO_SLACK_DB", np.inf)  # any earlier pitch is a source
    assert now >= measure(x, sr)["second_voice_ratio"] + 0.015
    assert measure(speech, sr)["second_voice_ratio"] < 0.05


def _phrases(x: np.ndarray, sr: int, softer_db: float) -> np.ndarray:
    """``x`` cut into three phrases with 0.7 s breaths between them, the last two sung
    ``softer_db`` dB softer: one singer, nothing under her."""
    n, gap = len(x) // 3, np.zeros(int(0.7 * sr), np.float32)
    soft = np.float32(10 ** (-softer_db / 20))
    return np.concatenate([x[:n], gap, x[n : 2 * n] * soft, gap, x[2 * n : 3 * n] * soft])


def test_a_singers_softer_phrases_after_breaths_are_not_backing_vocals(tmp_path, run_rule):
    # Review 1 of 8a4e08c: notes held on where the voice pauses counted as a music bed, and a
    # solo singer's later phrases sung softer after a breath read as one (0.287 there).
    clip = Path(__file__).parent.parent / "data" / "singing_female_corrected.flac"
    x, sr = sf.read(clip, dtype="float32")
    sf.write(tmp_path / "phrases.wav", _phrases(x, sr, 15.0), sr, subtype="PCM_16")
    assert run_rule(tmp_path / "phrases.wav", "S009") == []


@needs_alsa
def test_a_steady_tone_under_speech_is_not_backing_vocals(tmp_path, run_rule):
    # Review 1 of 8a4e08c: a 440 Hz tone 20 dB under the prompts (heard in their pauses, which
    # S005 reports as background noise) read as a held note of a backing track (0.329 there).
    x, sr = prompts(0.8)
    rms = np.sqrt(np.mean(x[np.abs(x) > 0.01] ** 2))
    t = np.arange(len(x)) / sr
    tone = rms * 10 ** (-20 / 20) * np.sqrt(2) * np.sin(2 * np.pi * 440 * t)
    sf.write(tmp_path / "tone.wav", (x + tone).astype(np.float32), sr, subtype="PCM_16")
    assert run_rule(tmp_path / "tone.wav", "S009") == []
