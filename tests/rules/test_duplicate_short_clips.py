"""D003 on clips too short to fingerprint: exact copies match, nothing else does.

The fingerprint matcher needs half a second of sound (``dedupe.MIN_ACTIVE``), and a clip
under 0.37 s yields no fingerprint word at all. Regression (session 37, a fresh-material
review): OpenArena's byte-identical ``death1`` and ``pain75_1`` copies (0.4-0.9 s) were not
flagged. Such clips now match an exact copy: the same decoded samples at the same rate and
channel count (a WAV and its FLAC copy alike), with sound in them, in files of 2 s or less
(``fingerprint.DIGEST_S``). Here: 0.3 s of Sonic Pi's piano (tests/data/ambi_piano.flac, CC0).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

import audiolint
from audiolint.analysis import dedupe, fingerprint

DATA = Path(__file__).resolve().parent.parent / "data"


def piano(seconds: float = 0.3) -> tuple[np.ndarray, int]:
    """The loudest ``seconds`` of the committed piano clip."""
    x, sr = sf.read(DATA / "ambi_piano.flac")
    i = int(np.argmax(np.abs(x)))
    start = max(0, i - int(seconds * sr / 2))
    return x[start : start + int(seconds * sr)], sr


def duplicates(folder: Path) -> dict[str, str]:
    """{file name: the message of its D003 finding} for a folder's check."""
    report = audiolint.check(folder, select=("D003",), jobs=1, cache_dir=None, read_config=False)
    return {
        Path(str(f.path)).name: x.message
        for f in report.files
        for x in f.findings
        if x.rule == "D003"
    }


def test_an_exact_copy_of_a_short_clip_is_a_duplicate(tmp_path):
    clip, sr = piano()
    sf.write(tmp_path / "a.wav", clip, sr, subtype="PCM_16")
    sf.write(tmp_path / "b.flac", clip, sr, subtype="PCM_16")  # the same samples, as FLAC
    found = duplicates(tmp_path)
    assert list(found) == ["b.flac"]
    assert "a.wav" in found["b.flac"]


def test_short_clips_that_differ_or_hold_no_sound_do_not_match(tmp_path):
    clip, sr = piano()
    sf.write(tmp_path / "a.wav", clip, sr, subtype="PCM_16")
    sf.write(tmp_path / "quieter.wav", 0.5 * clip, sr, subtype="PCM_16")  # not the same samples
    sf.write(tmp_path / "other_rate.wav", clip, 44100 if sr != 44100 else 48000, subtype="PCM_16")
    sf.write(tmp_path / "silent1.wav", np.zeros(len(clip)), sr, subtype="PCM_16")
    sf.write(tmp_path / "silent2.wav", np.zeros(len(clip)), sr, subtype="PCM_16")
    assert duplicates(tmp_path) == {}


def test_the_digest_follows_the_samples_not_the_blocks():
    clip, sr = piano()
    block = clip.astype(np.float32)[:, None]
    whole = fingerprint.Fingerprinter(sr, 1)
    whole.update(block)
    parts = fingerprint.Fingerprinter(sr, 1)
    for i in range(0, len(block), 1000):
        parts.update(block[i : i + 1000])
    a, b = whole.result(), parts.result()
    assert a["digest"] == b["digest"] and a["peak"] == b["peak"] > dedupe.SOUND_PEAK
    other = fingerprint.Fingerprinter(sr, 2)  # the same samples as two channels' worth
    other.update(block)
    assert other.result()["digest"] != a["digest"]
    matches = dedupe.find([a, None, b])
    assert [(m.a, m.b, m.bit_error, m.inside) for m in matches] == [(0, 2, 0.0, False)]


def test_a_long_file_is_not_hashed():
    """Over DIGEST_S the hash's cost is skipped (its duration, from the header, says so)."""

    class Props:
        duration_s = fingerprint.DIGEST_S + 1

    clip, sr = piano()
    fp = fingerprint.Fingerprinter(sr, 1, Props())
    fp.update(clip.astype(np.float32)[:, None])
    assert fp.result()["digest"] is None


def test_the_set_is_told_which_clips_were_too_short_to_compare(tmp_path):
    """Review 45b: a game's voice lines of 0.5-0.8 s and their MP3, AAC and Opus decodes were
    never linked (6 of 20 groups), and nothing said why. 0.6 s of the piano and a copy 6 dB
    quieter (no exact copy: not linked) get one note on the set, naming the count; a 3 s clip
    beside them is not counted."""
    x, sr = piano(0.6)
    sf.write(tmp_path / "a.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "b.wav", x / 2, sr, subtype="PCM_16")
    y, _ = sf.read(DATA / "ambi_piano.flac")
    sf.write(tmp_path / "long.wav", y[: 3 * sr], sr, subtype="PCM_16")
    report = audiolint.check(tmp_path, select=("D003",), jobs=1, cache_dir=None, read_config=False)
    assert not any(x.rule == "D003" for f in report.files for x in f.findings)
    [note] = [f for f in report.dataset_findings if f.rule == "D003"]
    assert note.severity == "info" and note.data["too_short_to_compare"] == 2, note
    assert note.message.startswith("2 files hold under about 0.9 s of sound"), note.message


def padded(clip: np.ndarray, sr: int, seconds: float = fingerprint.DIGEST_S + 0.5) -> np.ndarray:
    """``clip`` in the middle of ``seconds`` of digital silence."""
    out = np.zeros(int(seconds * sr))
    start = (len(out) - len(clip)) // 2
    out[start : start + len(clip)] = clip
    return out


def test_an_exact_copy_of_a_short_sound_in_a_long_file_is_a_duplicate(tmp_path):
    """Review 58a: a 0.25 s word padded to 2.55 s and its byte-identical copy were not linked:
    too long to be hashed (over DIGEST_S), too little sound to fingerprint. Such files now match
    an exact copy by their fingerprint word for word; a copy 6 dB quieter, or another sound
    padded the same, still does not match."""
    clip, sr = piano(0.15)
    x = padded(clip, sr)
    sf.write(tmp_path / "a.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "b.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "c.flac", x, sr, subtype="PCM_16")  # the same samples, as FLAC
    sf.write(tmp_path / "quieter.wav", x / 2, sr, subtype="PCM_16")
    other, _ = sf.read(DATA / "ambi_piano.flac")
    sf.write(tmp_path / "other.wav", padded(other[: len(clip)], sr), sr, subtype="PCM_16")
    found = duplicates(tmp_path)
    assert sorted(found) == ["b.wav", "c.flac"], found
    assert all("a.wav" in message for message in found.values()), found


def test_a_long_file_with_little_sound_is_named_in_the_note(tmp_path):
    """A file too long to be hashed, with under half a second of sound, is counted as too short
    to compare (review 58a: it was left out of the note)."""
    clip, sr = piano(0.15)
    sf.write(tmp_path / "a.wav", padded(clip, sr), sr, subtype="PCM_16")
    sf.write(tmp_path / "b.wav", padded(clip, sr) / 2, sr, subtype="PCM_16")
    report = audiolint.check(tmp_path, select=("D003",), jobs=1, cache_dir=None, read_config=False)
    [note] = [f for f in report.dataset_findings if f.rule == "D003"]
    assert note.data["too_short_to_compare"] == 2, note
