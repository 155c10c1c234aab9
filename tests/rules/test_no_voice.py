"""S007 no-voice: noise, percussion-like hiss, steady tones, an instrument's held notes, a
spectrum holding its shape and plucked notes dying from their hits are flagged; real speech,
quiet or under heavy noise, spoken word by word or in a hall, and real singing are not."""

from __future__ import annotations

import gzip

import numpy as np
import pytest
import soundfile as sf
from realaudio import (
    CSOUND_EXAMPLES,
    PROMPTS,
    csound_example,
    espeak,
    needs_alsa,
    needs_csound_doc,
    needs_espeak,
    prompt,
)
from scipy.signal import fftconvolve, resample_poly

from audiolint.analysis.voice import Voice
from audiolint.rules import no_voice, no_voice_signs


def test_noise_has_no_voice(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "hiss.wav", gen.noise(22050, 3.0, amp=0.2), 22050)
    [f] = run_rule(p, "S007")
    assert f.severity == "warning" and f.term == "Voice activity"
    assert f.data["voiced_ratio"] < 0.05 and "no voiced sound found" in f.message
    assert "noise, percussion, effects and whispers have none" in f.message


def test_a_steady_tone_is_not_a_voice(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "tone.wav", gen.tone(44100, 3.0, freq=440.0, amp=0.3), 44100)
    [f] = run_rule(p, "S007")
    assert "one steady pitch (about 44" in f.message and f.data["pitch_spread_st"] < 0.25
    # a human vowel held on one pitch reads so too (Praat's aaaa02.wav, session 30's audit)
    assert "(a vowel held on one pitch reads so too); no speech or singing measured" in f.message


@needs_alsa
@pytest.mark.parametrize("noise_db", [None, -30.0])
def test_real_speech_has_a_voice(tmp_path, run_rule, noise_db):
    rng = np.random.default_rng(3)
    for name in PROMPTS:
        x, sr = prompt(name)
        gap = np.zeros(int(0.5 * sr), np.float32)
        clip = np.concatenate([gap, x, gap, x, gap])
        if noise_db is not None:
            clip = clip + rng.standard_normal(len(clip)).astype(np.float32) * 10 ** (noise_db / 20)
        sf.write(tmp_path / f"{name}.wav", clip, sr, subtype="PCM_16")
    assert run_rule(tmp_path, "S007") == []


@needs_espeak
def test_synthesised_speech_has_a_voice(tmp_path, run_rule):
    x, sr = espeak(tmp_path / "s.wav", "Every file in a voice dataset should hold the voice itself")
    assert run_rule(tmp_path / "s.wav", "S007") == []


def pitch_steady(x: np.ndarray, sr: int) -> float | None:
    a = Voice(sr, 1)
    for i in range(0, len(x), 4096):
        a.update(x[i : i + 4096])
    return a.result()["pitch_steady"]


def test_held_notes_are_steady_and_a_vibrato_is_not(gen):
    """A struck bell's notes hold their pitch while they ring; the same harmonic tone swung
    by a singer's vibrato (5.5 Hz, +-0.4 semitone) moves in every 40 ms step."""
    sr = 16000
    assert pitch_steady(gen.bell(sr, [440, 392, 349, 330, 294, 262], tau=1.0), sr) > 0.55
    t = np.arange(4 * sr) / sr
    f0 = 330.0 * 2 ** (0.4 * np.sin(2 * np.pi * 5.5 * t) / 12)
    phase = 2 * np.pi * np.cumsum(f0) / sr
    sung = sum(np.sin(k * phase) / k for k in range(1, 6)).astype(np.float32)[:, None]
    assert pitch_steady(0.3 * sung, sr) < 0.2


@needs_csound_doc
def test_an_oboe_playing_is_not_a_voice(tmp_path, run_rule):
    # csound's oboe.aiff: a melody over 3 semitones, so no "one steady pitch"; each note held
    [f] = run_rule(csound_example("oboe.aiff", tmp_path), "S007")
    assert "held notes" in f.message and f.data["pitch_steady"] >= 0.55
    steps = f.data["sustained_steps"]
    assert steps >= 25 and f"of {steps} steps of 40 ms" in f.message
    assert "no gliding voice measured" in f.message and "music" not in f.message


@needs_csound_doc
@pytest.mark.parametrize("name", ["sing.wav", "singFemale.aif"])
def test_real_singing_is_a_voice(tmp_path, run_rule, name):
    # a male singer holding a note with vibrato (steady in 15 % of the steps), a soprano (20 %)
    assert run_rule(csound_example(name, tmp_path), "S007") == []


@needs_alsa
@pytest.mark.parametrize("rt60", [0.5, 2.0])
def test_speech_in_a_hall_is_a_voice(tmp_path, run_rule, rt60):
    """A room's echo holds each pitch just spoken, smoothing the voice's track (the eight ALSA
    prompts in a 2 s hall held 25 % of all their steps within 0.1 semitone, 15 % of the steps
    not falling within 0.05): still no held notes."""
    parts = []
    for name in PROMPTS:
        x, sr = prompt(name)
        parts += [x, np.zeros(sr // 2, np.float32)]
    t = np.arange(int(1.5 * rt60 * sr)) / sr
    hall = np.random.default_rng(0).standard_normal(len(t)) * np.exp(-6.9 * t / rt60)
    wet = fftconvolve(np.concatenate(parts), hall)
    sf.write(tmp_path / "hall.wav", (0.5 * wet / np.abs(wet).max()).astype(np.float32), sr)
    assert run_rule(tmp_path / "hall.wav", "S007") == []


def test_a_drum_loop_s_pitched_blips_are_not_a_voice(tmp_path, gen, run_rule):
    """Toms ringing for 15 ms over a hi-hat's hiss, four hits a second: pitched in 15 % of the
    sound, each time for a single 40 ms frame with unpitched sound either side; a vowel holds
    its pitch longer (speech: at most 19 % of such blips on the real-material tune half)."""
    sr = 44100
    rng = np.random.default_rng(0)
    x = rng.standard_normal(5 * sr) * 0.03
    t = np.arange(int(0.1 * sr)) / sr
    for start in np.arange(0.05, 4.8, 0.25):
        a = int((start + rng.uniform(0, 0.02)) * sr)
        f0 = rng.choice([120.0, 160.0, 220.0])
        hit = np.sin(2 * np.pi * f0 * t) * np.exp(-t / 0.015)
        x[a : a + len(t)] += hit + 0.3 * rng.standard_normal(len(t)) * np.exp(-t / 0.04)
    path = gen.write_wav(tmp_path / "loop.wav", (0.5 * x / np.abs(x).max())[:, None], sr)
    [f] = run_rule(path, "S007")
    assert "short blips" in f.message and f.data["voiced_isolated"] >= 0.5
    assert f.data["blip_rise_db"] >= 3.0 and "jumps" in f.message
    assert "no held vowel measured" in f.message and "percussion" not in f.message


def voice_of(x: np.ndarray, sr: int, block: int = 65536) -> dict:
    a = Voice(sr, 1)
    x = x.astype(np.float32)[:, None]
    for i in range(0, len(x), block):
        a.update(x[i : i + block])
    return a.result()


@needs_alsa
@needs_csound_doc
def test_speech_moves_its_spectral_shape_and_an_oboe_does_not(tmp_path):
    """Speech's vowels and consonants change the spectrum's shape every 80 ms; an oboe's
    notes keep theirs, and steady noise has none to change. Read alike in any block size."""
    speech = np.concatenate([prompt(name)[0] for name in PROMPTS[:4]])
    moved = voice_of(speech, 48000)["shape_move_db"]
    # alike, not bit-equal: the FFT's and BLAS's code paths vary with the block's length
    assert moved > 4.5 and abs(voice_of(speech, 48000, block=1000)["shape_move_db"] - moved) < 0.02
    oboe, sr = sf.read(csound_example("oboe.aiff", tmp_path), dtype="float32", always_2d=True)
    assert voice_of(oboe.mean(axis=1), sr)["shape_move_db"] < 2.0
    hiss = np.random.default_rng(5).standard_normal(3 * 16000) * 0.1
    assert voice_of(hiss, 16000)["shape_move_db"] < 2.0


@needs_espeak
@pytest.mark.parametrize("voice", ["en+whisper", "en+whisperf"])
def test_whispered_speech_is_a_voice(tmp_path, run_rule, voice):
    """A whisper has next to no pitch (espeak-ng's: 0-1 % of the sound), but its spectrum
    changes shape as speech's does; it was flagged as unpitched noise."""
    x, sr = espeak(tmp_path / "w.wav", "Every file in a voice dataset should hold the voice", voice)
    r = voice_of(x, sr)
    assert r["voiced_ratio"] < 0.05 and r["shape_move_db"] > 4.5
    assert run_rule(tmp_path / "w.wav", "S007") == []


@needs_espeak
@pytest.mark.parametrize("voice", ["en+whisper", "en+whisperf"])
def test_whispered_speech_in_a_room_is_a_voice(tmp_path, run_rule, voice):
    """In a 0.6 s room a whisper is still unpitched, and the room smooths its shape's moves
    under the 4.5 dB that passes articulated sound (3.4-3.9 dB); the unpitched test flagged it
    as noise until it asked for a shape moving under 3.2 dB (its noise and drums: 3.04 at most)."""
    x, sr = espeak(tmp_path / "w.wav", "The quick brown fox jumps over the lazy dog", voice)
    t = np.arange(int(0.9 * sr)) / sr
    room = np.random.default_rng(2).standard_normal(len(t)) * np.exp(-6.9 * t / 0.6)
    room[0] = 30.0  # the direct sound
    y = fftconvolve(x, room)
    sf.write(tmp_path / "room.wav", (0.5 * y / np.abs(y).max()).astype(np.float32), sr)
    r = voice_of(y, sr)
    assert r["voiced_ratio"] < 0.05 and 3.2 <= r["shape_move_db"] < 4.5
    assert run_rule(tmp_path / "room.wav", "S007") == []


@needs_espeak
def test_creaky_speech_is_a_voice(tmp_path, run_rule):
    """espeak-ng's creaky voice is pitched in short bursts (over half of its pitched frames
    alone, as a drum's blips); its spectrum moves as speech's does. It was flagged as blips."""
    text = "Every file in a voice dataset should hold the voice itself, and nothing else at all."
    x, sr = espeak(tmp_path / "c.wav", text, "en+croak")
    r = voice_of(x, sr)
    assert r["voiced_isolated"] >= 0.5 and r["shape_move_db"] > 4.5
    assert run_rule(tmp_path / "c.wav", "S007") == []


@needs_espeak
def test_speech_in_a_long_hall_is_not_held_notes(tmp_path, run_rule):
    """In a 4 s hall espeak-ng's flat voice is pitched a fifth of the time, and its echo holds the
    pitch in 61 % of the 18 sustained steps measured: too few steps to call held notes (an
    instrument holds its notes for a second and more). It was flagged as held notes."""
    text = "Every file in a voice dataset should hold the voice itself, and nothing else at all."
    x, sr = espeak(tmp_path / "e.wav", text)
    t = np.arange(int(6.0 * sr)) / sr
    hall = np.random.default_rng(0).standard_normal(len(t)) * np.exp(-6.9 * t / 4.0)
    wet = fftconvolve(x, hall)
    r = voice_of(0.5 * wet / np.abs(wet).max(), sr)
    assert r["pitch_steady"] >= 0.55 and r["sustained_steps"] < 25
    sf.write(tmp_path / "hall.wav", (0.5 * wet / np.abs(wet).max()).astype(np.float32), sr)
    assert run_rule(tmp_path / "hall.wav", "S007") == []


@needs_espeak
def test_speech_in_a_6_s_hall_is_not_drum_blips(tmp_path, run_rule):
    """In a 6 s hall espeak-ng is pitched a tenth of the time, in this hall over half of it in
    lone 40 ms frames where its direct sound stands out of the echo (0.56; 7 of 80 seeded halls
    reach 0.5): blips, but the level barely rises into them (1.1 dB; a drum's ring starts at its
    hit). It was flagged as drum blips."""
    text = "Every file in a voice dataset should hold the voice itself, and nothing else at all."
    x, sr = espeak(tmp_path / "e.wav", text)
    t = np.arange(int(9.0 * sr)) / sr
    hall = np.random.default_rng(51).standard_normal(len(t)) * np.exp(-6.9 * t / 6.0)
    wet = fftconvolve(x, hall)
    wet = (0.5 * wet / np.abs(wet).max()).astype(np.float32)
    r = voice_of(wet, sr)
    assert r["voiced_isolated"] >= 0.5 and r["blip_rise_db"] < 3.0
    sf.write(tmp_path / "hall.wav", wet, sr)
    assert run_rule(tmp_path / "hall.wav", "S007") == []


@needs_csound_doc
def test_a_note_through_fixed_resonances_holds_its_spectral_shape(tmp_path):
    """csound's alto saxophone holding one note: its spectrum's shape moves 0.4 dB per 80 ms,
    so with the one-pitch test off, the still-shape test still calls it no voice."""
    path = tmp_path / "sax.wav"
    path.write_bytes(
        gzip.decompress((CSOUND_EXAMPLES / "saxophone-alto-C-octave0.wav.gz").read_bytes())
    )
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    r = voice_of(x.mean(axis=1), sr)
    assert r["voiced_ratio"] > 0.9 and r["shape_move_db"] < 1.0
    message, data = no_voice.no_voice(r, {**no_voice.DEFAULT, "max_steady_st": 0.0})
    assert "shape holds still" in message and data["shape_move_db"] == r["shape_move_db"]


@pytest.mark.parametrize("f0", [80.0, 100.0, 220.0])
def test_a_held_sung_vowel_moves_its_spectral_shape_enough(gen, f0):
    """One sung /a/ held with a 0.3-semitone vibrato through fixed formants is the stillest a
    voice gets (least at low pitches, its harmonics dense): it moves its shape 1.2 dB or more,
    over the 1 dB under which S007 calls a pitched sound still."""
    r = voice_of(gen.sung_vowel(44100, f0, 0.3)[:, 0], 44100)
    assert r["shape_move_db"] >= no_voice.DEFAULT["max_still_db"] + 0.2
    assert no_voice.no_voice(r, no_voice.DEFAULT) is None


def test_plucked_notes_dying_from_their_hits_are_not_a_voice(tmp_path, gen, run_rule):
    """Plucked notes three a second, each dying 7 dB per 40 ms from its hit: pitched all
    along (no blips), never held (the level only falls), but after most onsets the level falls
    at once; a voice holds each syllable's vowel."""
    sr, rng = 44100, np.random.default_rng(0)
    x, t = np.zeros(int(6.5 * sr)), np.arange(int(0.3 * sr)) / sr
    for start in np.arange(0.1, 6.1, 1 / 3):
        f0 = rng.choice([196.0, 220.0, 247.0, 262.0, 294.0, 330.0])
        note = sum(np.sin(2 * np.pi * f0 * h * t) / h for h in range(1, 8)) * np.exp(-t / 0.05)
        x[int(start * sr) : int(start * sr) + len(t)] += note
    path = gen.write_wav(tmp_path / "plucks.wav", (0.5 * x / np.abs(x).max())[:, None], sr)
    [f] = run_rule(path, "S007")
    assert "struck sounds dying" in f.message and f.data["hit_decay"] >= 0.45
    assert f.data["onsets"] >= 10 and f.data["voiced_ratio"] > 0.9


@needs_espeak
def test_words_spoken_one_by_one_are_a_voice(tmp_path, run_rule):
    """espeak-ng's creaky voice saying words one by one dies fast after a third of its onsets
    (the most of the voices measured), under S007's 45 %, and moves its spectrum as speech."""
    text = "yes. no. stop. go. left. right. up. down. on. off."
    x, sr = espeak(tmp_path / "w.wav", text, "en+croak")
    r = voice_of(x, sr)
    assert r["onsets"] >= 10 and r["hit_decay"] < 0.45 and r["shape_move_db"] > 4.5
    assert run_rule(tmp_path / "w.wav", "S007") == []


@needs_espeak
def test_a_monotone_synthetic_voice_is_a_voice(tmp_path, run_rule):
    """espeak-ng's robot voice holds one pitch (within 0.1 semitone, quartile to quartile) as a
    tone does, but its vowels and consonants move the spectrum's shape. It was flagged as one
    steady pitch."""
    text = "Every file in a voice dataset should hold the voice itself, and nothing else at all."
    x, sr = espeak(tmp_path / "r.wav", text, "en+robosoft6")
    r = voice_of(x, sr)
    assert r["pitch_spread_st"] < 0.25 and r["voiced_ratio"] > 0.5 and r["shape_move_db"] > 4.5
    assert run_rule(tmp_path / "r.wav", "S007") == []


def csound_mono(name: str, tmp_path) -> tuple[np.ndarray, int]:
    x, sr = sf.read(csound_example(name, tmp_path), dtype="float32", always_2d=True)
    return x.mean(axis=1), sr


@needs_alsa
@needs_csound_doc
@pytest.mark.parametrize("name", ["oboe.aiff", "flute.aiff", "saxophone-alto-C-octave0.wav"])
def test_speech_over_a_quiet_music_bed_is_a_voice(tmp_path, run_rule, name):
    """ALSA's eight prompts, half a second apart, over a csound instrument looped 15 dB under
    the speech (RMS): between the phrases the bed's held notes were the loud steps' pitch, and
    all three mixes were flagged as held notes. The steps are now read only within 15 dB of
    the loud level, where the speech is."""
    parts = []
    for prompt_name in PROMPTS:
        x, sr = prompt(prompt_name)
        parts += [x, np.zeros(sr // 2, np.float32)]
    speech = np.concatenate(parts)
    bed, bed_sr = csound_mono(name, tmp_path)
    bed = np.resize(resample_poly(bed, sr, bed_sr), len(speech))
    rms = np.sqrt(np.mean(np.square(speech, dtype=np.float64)))
    bed *= rms / np.sqrt(np.mean(np.square(bed, dtype=np.float64))) * 10 ** (-15 / 20)
    mix = speech + bed
    sf.write(tmp_path / "mix.wav", (0.5 * mix / np.abs(mix).max()).astype(np.float32), sr)
    assert run_rule(tmp_path / "mix.wav", "S007") == []


@needs_csound_doc
def test_an_oboe_s_notes_sit_on_a_semitone_grid(tmp_path):
    """csound's oboe plays six notes, each on the equal-tempered grid: with the held-notes test
    off and a second pitch given, the tuned-notes test still calls it no voice, and says what it
    measured."""
    r = voice_of(*csound_mono("oboe.aiff", tmp_path))
    assert r["pitch_tuned"] > 0.85 and r["tuned_notes"] >= 3 and r["tuned_s"] > 6.0
    r["second_voice_ratio"] = 0.3  # the harmony analyser's, which voice_of does not run
    message, data = no_voice.no_voice(r, {**no_voice.DEFAULT, "min_held_share": 1.1})
    assert message.startswith("notes on a scale") and data["pitch_tuned"] == r["pitch_tuned"]
    assert f"in {r['tuned_notes']} notes" in message and f"{r['tuned_s']:.1f} s" in message


def vibrato_melody(sr: int, swing: float) -> np.ndarray:
    """Sixteen notes of a C major scale, 0.4 s each, swung by a 5.5 Hz vibrato of +-``swing``
    semitone: one line on a scale, as a violin, a flute or an in-tune singer holds it."""
    rng = np.random.default_rng(0)
    scale, degree, f0 = [0, 2, 4, 5, 7, 9, 11, 12], 3, []
    for _ in range(16):
        degree = int(np.clip(degree + rng.integers(-2, 3), 0, 7))
        f0.append(np.full(int(0.4 * sr), 261.63 * 2 ** (scale[degree] / 12)))
    f0 = np.concatenate(f0)
    f0 *= 2 ** (swing * np.sin(2 * np.pi * 5.5 * np.arange(len(f0)) / sr) / 12)
    phase = 2 * np.pi * np.cumsum(f0) / sr
    x = sum(np.sin(k * phase) / k for k in range(1, 8))
    return 0.3 * x / np.abs(x).max()


@pytest.mark.parametrize("swing", [0.1, 0.25])
def test_one_line_on_a_scale_needs_a_chord(swing):
    """A single line on a scale with a vibrato sits on the semitone grid (0.57-0.92) in seven
    notes, never held (so no earlier test fires): so would an in-tune singer's, so the tuned-
    notes test also asks for a second pitch (a chord) in 20 % of the pitched time. With the
    harmony analyser's second_voice_ratio at 0.5 it fires; at 0.05 (a solo line), or without the
    harmony analyser, it does not."""
    r = voice_of(vibrato_melody(44100, swing), 44100)
    assert r["pitch_tuned"] >= 0.5 and r["tuned_notes"] >= 3 and r["tuned_s"] >= 3.0
    assert no_voice.no_voice(r, no_voice.DEFAULT) is None
    assert no_voice.no_voice({**r, "second_voice_ratio": 0.05}, no_voice.DEFAULT) is None
    message, data = no_voice.no_voice({**r, "second_voice_ratio": 0.5}, no_voice.DEFAULT)
    assert message.startswith("notes on a scale, in chords") and "50% of the pitched" in message
    # a voice over music reads so too (review 46b: speech with music 6 dB under it)
    assert "a voice over music reads so too" in message and "vocal isolation" in message
    assert data["second_voice_ratio"] == 0.5 and data["tuned_notes"] == r["tuned_notes"]


@needs_csound_doc
@pytest.mark.parametrize("name", ["sing.wav", "singFemale.aif"])
def test_real_singing_glides_off_the_semitone_grid(tmp_path, name):
    """The soprano's and the male singer's pitch, vibrato and glides and all, reads 0.4 and 0.12
    on the semitone grid: under the 0.5 the tuned-notes test asks for."""
    r = voice_of(*csound_mono(name, tmp_path))
    assert r["pitch_tuned"] < no_voice.DEFAULT["min_tuned"] - 0.05


@pytest.mark.parametrize("f0", [110.0, 220.0])
def test_one_held_sung_vowel_is_one_note(gen, f0):
    """One sung /a/ with a 0.2-semitone vibrato sits on the grid (0.6) but holds one note, not
    the four a melody or chords play."""
    r = voice_of(gen.sung_vowel(44100, f0, 0.2)[:, 0], 44100)
    assert r["pitch_tuned"] >= 0.5 and r["tuned_notes"] < no_voice.DEFAULT["min_notes"]
    assert no_voice.no_voice(r, no_voice.DEFAULT) is None


@needs_csound_doc
def test_a_looped_drum_beat_repeats_its_hits(tmp_path, run_rule):
    """csound's beats.wav, a 2 s drum beat, looped three times as a producer loops it: its
    spectrum moves 4.3 dB (close to speech's), its hits do not die at once after most onsets,
    but each loud onset finds its match a bar away within a dB (0.65 dB, median)."""
    x, sr = csound_mono("beats.wav", tmp_path)
    sf.write(tmp_path / "loop.wav", np.tile(x, 3), sr)
    [f] = run_rule(tmp_path / "loop.wav", "S007")
    assert f.message.startswith("the same hits again and again")
    assert f.data["onset_repeat_db"] <= no_voice.DEFAULT["max_repeat_db"]
    assert f.data["repeat_onsets"] >= 10
    assert f"{f.data['repeat_onsets']} loud onsets" in f.message


@needs_alsa
@needs_csound_doc
def test_speech_over_a_drum_beat_does_not_repeat(tmp_path):
    """ALSA's prompts, alone and over that beat looped 15 dB under: each syllable starts its
    own way (the nearest match 3.5 dB and more away), the bed's hits being under the loud
    level the onsets are read at."""
    parts = []
    for name in PROMPTS:
        x, sr = prompt(name)
        parts += [x, np.zeros(sr // 2, np.float32)]
    speech = np.concatenate(parts)
    beat, beat_sr = csound_mono("beats.wav", tmp_path)
    beat = np.resize(resample_poly(beat, sr, beat_sr), len(speech))
    rms = np.sqrt(np.mean(np.square(speech, dtype=np.float64)))
    beat *= rms / np.sqrt(np.mean(np.square(beat, dtype=np.float64))) * 10 ** (-15 / 20)
    for clip in (speech, speech + beat):
        r = voice_of(clip, sr)
        assert r["repeat_onsets"] >= 10 and r["onset_repeat_db"] > 3.0
        assert no_voice.no_voice(r, no_voice.DEFAULT) is None


@needs_espeak
def test_a_synthetic_voice_repeating_its_phrases_in_a_room_is_a_voice(tmp_path, run_rule):
    """espeak-ng reading 'it was the best of times, it was the worst of times...' in a 0.6 s
    room: a synthetic voice says each 'it was the' alike, so its onsets repeat as a loop's do
    (1.77 dB, median), while the room keeps its shape moving under the 4.5 dB that passes
    speech (3.97). The repeats test stops at 1.5 dB; at 2 dB this was flagged."""
    text = (
        "It was the best of times, it was the worst of times, it was the age of wisdom, it was "
        "the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it "
        "was the season of Light, it was the season of Darkness, it was the spring of hope, it "
        "was the winter of despair."
    )
    x, sr = espeak(tmp_path / "d.wav", text + " " + text)
    t = np.arange(int(0.9 * sr)) / sr
    room = np.random.default_rng(0).standard_normal(len(t)) * np.exp(-6.9 * t / 0.6)
    room[0] = 30.0  # the direct sound
    wet = fftconvolve(x, room)
    wet = (0.5 * wet / np.abs(wet).max()).astype(np.float32)
    r = voice_of(wet, sr)
    assert r["shape_move_db"] < 4.5  # its repeats (1.77 dB) depend on espeak-ng's version
    sf.write(tmp_path / "room.wav", wet, sr)
    assert run_rule(tmp_path / "room.wav", "S007") == []


@needs_espeak
@pytest.mark.parametrize("rt60", [0.6, 1.2])
def test_a_voice_counting_again_and_again_in_a_room_is_a_voice(tmp_path, run_rule, rt60):
    """espeak-ng saying 'one two three four five.' eight times, in a 0.6 s and a 1.2 s room:
    a voice repeating a phrase (counting, a wake word) repeats its onsets as a loop does (1.23
    and 1.50 dB, median, with espeak-ng 1.51), and the room keeps its shape moving under the
    4.5 dB that passes speech; but its pitch glides (voiced 80 %, held still in under 30 % of its
    steps), as a drum loop's or a riff's does not. Both were flagged as a drum loop."""
    x, sr = espeak(tmp_path / "c.wav", " ".join(["one two three four five."] * 8))
    t = np.arange(int(1.5 * rt60 * sr)) / sr
    room = np.random.default_rng(0).standard_normal(len(t)) * np.exp(-6.9 * t / rt60)
    room[0] = 30.0  # the direct sound
    wet = fftconvolve(x, room)
    wet = (0.5 * wet / np.abs(wet).max()).astype(np.float32)
    r = voice_of(wet, sr)
    assert r["shape_move_db"] < 4.5 and no_voice_signs.gliding(r, no_voice.DEFAULT)
    sf.write(tmp_path / "room.wav", wet, sr)
    assert run_rule(tmp_path / "room.wav", "S007") == []
