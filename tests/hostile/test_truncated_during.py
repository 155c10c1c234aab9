"""Issue 18: a WAV that is cut short while it is decoded gets an F001 finding, as one already
cut short when it is probed does; the analysis of what was there is kept."""

from __future__ import annotations

import struct

import hostile_staged

from audiolint import pipeline
from audiolint.config import Config


def _wav(gen, path, seconds=3.0):
    return gen.write_wav(path, gen.speechlike(16000, seconds, seed=1), 16000)


def _f001(report):
    [fr] = report.files
    return [f.message for f in fr.findings if f.rule == "F001"]


def test_a_file_that_shrinks_between_probe_and_decode(tmp_path, gen):
    clip = _wav(gen, tmp_path / "a.wav")
    with hostile_staged.cut_after_probe(pipeline):  # another program cuts it mid-run
        report = pipeline.run([clip], Config(cache_dir=None, jobs=1))
    [message] = _f001(report)
    assert "truncated" in message and "3.00 s" in message and "1.5" in message


def test_a_file_cut_short_in_the_serial_path_too(tmp_path, gen):
    """build_context itself (the API without workers) reports it."""
    clip = _wav(gen, tmp_path / "a.wav")
    with hostile_staged.cut_after_probe(pipeline, keep=0.25):
        ctx = pipeline.build_context(clip, Config(cache_dir=None))
    [message] = ctx.decode_errors
    assert "0.75 s of the 3.00 s" in message


def test_a_data_chunk_claiming_more_than_the_file_holds(tmp_path, gen):
    """Already cut when probed: one F001 (the probe's), not a second from the decode check."""
    data = bytearray(_wav(gen, tmp_path / "a.wav").read_bytes())
    at = data.find(b"data")
    (size,) = struct.unpack_from("<I", data, at + 4)
    struct.pack_into("<I", data, at + 4, size * 2)
    (tmp_path / "a.wav").write_bytes(bytes(data))
    [message] = _f001(pipeline.run([tmp_path / "a.wav"], Config(cache_dir=None, jobs=1)))
    assert "promises 6.00 s" in message and "holds 3.00 s" in message


def test_a_whole_file_gets_no_such_finding(tmp_path, gen):
    clip = _wav(gen, tmp_path / "a.wav")
    assert _f001(pipeline.run([clip], Config(cache_dir=None, jobs=1))) == []
