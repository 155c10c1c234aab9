"""probe.plain_headers reads a FLAC or WAV as mutagen does, or leaves it to mutagen, and a
one-file probe of either loads no mutagen format module nor mutagen.id3 (issue 14)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import hostilegen
import mutagen
import mutagen.flac
import numpy as np
import pytest
import soundfile as sf
from realaudio import ALSA, PROMPTS, needs_alsa

from audiolint.probe import mutagen_backend, plain_headers

KINDS = {".wav": "wav", ".flac": "flac"}


def _both(path: Path):
    """(plain reading or None, mutagen's typed reading or its error's class name)."""
    container = KINDS[path.suffix]
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        plain = plain_headers.read(fh, size, container)
        fh.seek(0)
        options = mutagen_backend._classes(container)
        try:
            f = mutagen.File(mutagen_backend._Capped(fh, size), options=options)
        except Exception as exc:  # noqa: BLE001 - mutagen's errors have many bases
            return plain, type(exc).__name__
    theirs = (
        None
        if f is None or f.info is None
        else mutagen_backend._typed(type(f).__name__, f.info, f.tags)
    )
    return (None if plain is None else mutagen_backend._typed(*plain)), theirs


def _agree(paths) -> tuple[int, int]:
    """Every plain reading equals mutagen's; counts of (read plainly, left to mutagen)."""
    read = left = 0
    for path in paths:
        ours, theirs = _both(path)
        if ours is None:
            left += 1
        else:
            assert ours == theirs, path
            read += 1
    return read, left


@needs_alsa
def test_real_recordings_read_as_mutagen_reads_them(tmp_path):
    """ALSA's recorded WAVs as shipped, and the same speech as FLAC (16/24-bit, tagged by
    mutagen with several comments) and as 24-bit, float and extensible WAVs."""
    paths = [ALSA / f"{name}.wav" for name in PROMPTS]
    x, sr = sf.read(paths[0], dtype="float32")
    for subtype in ("PCM_16", "PCM_24"):
        flac = tmp_path / f"{subtype}.flac"
        sf.write(flac, x, sr, subtype=subtype)
        paths.append(flac)
    tagged = tmp_path / "tagged.flac"
    shutil.copy(paths[-1], tagged)
    f = mutagen.flac.FLAC(tagged)
    f["title"], f["artist"] = "Front left", ["a", "b"]
    f.save()
    paths.append(tagged)
    for subtype, fmt in (("PCM_24", "WAV"), ("FLOAT", "WAV"), ("PCM_16", "WAVEX")):
        wav = tmp_path / f"{subtype}-{fmt}.wav"
        sf.write(wav, np.stack([x, x], axis=1), sr, subtype=subtype, format=fmt)
        paths.append(wav)
    assert _agree(paths) == (len(paths), 0)
    ours, _ = _both(tagged)
    assert ours.encoder.startswith("reference libFLAC") and ours.bit_depth == 24


def test_broken_and_mutated_files_read_as_mutagen_reads_them_or_are_left_to_it(tmp_path):
    """The hostile corpus's FLACs and WAVs (cut, absurd headers, flipped bytes) and random
    byte-level mutations of real encodes: a plain reading always equals mutagen's, errors
    included (a file mutagen refuses is left to it); a cut WAV still claims its full length."""
    base = hostilegen.base_files(tmp_path / "base")
    hostilegen.build_corpus(tmp_path / "corpus", base)
    rng = np.random.default_rng(14)
    for name in ("wav16", "wavex24", "wavfloat", "flac"):
        data = base[name].read_bytes()
        for i in range(60):
            (tmp_path / f"{name}-{i}{base[name].suffix}").write_bytes(hostilegen.mutate(data, rng))
    paths = [p for p in tmp_path.rglob("*") if p.suffix in KINDS and p.is_file()]
    read, left = _agree(paths)
    assert read > 200 and left > 20, (read, left)
    for name, ok in ((b"INFO", True), (b"\xffNFO", False)):  # mutagen refuses a non-ASCII list
        listed = tmp_path / f"list-{ok}.wav"
        data = base["wav16"].read_bytes() + b"LIST" + struct.pack("<I", 4) + name
        listed.write_bytes(data[:4] + struct.pack("<I", len(data) - 8) + data[8:])
        ours, theirs = _both(listed)
        assert ours == theirs if ok else (ours is None and isinstance(theirs, str)), theirs
    cut = tmp_path / "cut.wav"
    cut.write_bytes(base["wav16"].read_bytes()[:-4000])
    ours, theirs = _both(cut)
    assert ours == theirs and ours.duration_s == pytest.approx(hostilegen.SECONDS, abs=0.01)


def test_what_it_does_not_know_goes_to_mutagen(tmp_path, gen):
    """A FLAC with a picture block, or behind an ID3 tag, and a WAV with an ID3 chunk."""
    flac = gen.write_flac(tmp_path / "a.flac", gen.speechlike(16000, 0.5), 16000)
    pictured = tmp_path / "pictured.flac"
    shutil.copy(flac, pictured)
    f = mutagen.flac.FLAC(pictured)
    f.add_picture(mutagen.flac.Picture())
    f.save()
    id3_first = tmp_path / "id3.flac"
    id3_first.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + flac.read_bytes())
    wav = gen.write_wav(tmp_path / "a.wav", gen.speechlike(16000, 0.5), 16000)
    tagged = tmp_path / "tagged.wav"
    shutil.copy(wav, tagged)
    w = mutagen.File(tagged)
    w.add_tags()
    w.save()
    for path in (pictured, id3_first, tagged):
        assert _both(path)[0] is None, path
        assert mutagen_backend.read(path, KINDS[path.suffix]) is not None
    assert _both(flac)[0] is not None and _both(wav)[0] is not None


def test_a_probe_of_a_flac_or_wav_loads_no_mutagen_format_module(tmp_path, gen):
    clip = gen.speechlike(44100, 1.0)
    files = [gen.write_flac(tmp_path / "a.flac", clip, 44100)]
    files.append(gen.write_wav(tmp_path / "a.wav", clip, 44100))
    code = (
        "import sys\nfrom audiolint.probe import probe\n"
        "props = probe(sys.argv[1]).properties\n"
        "print(props.codec, *sorted(m for m in sys.modules if m.startswith('mutagen')))"
    )
    for path in files:
        out = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
        ).stdout.split()
        assert out[0] in ("flac", "pcm") and not [m for m in out[1:] if m != "mutagen"], out
