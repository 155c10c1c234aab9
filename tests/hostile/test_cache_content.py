"""Issue 18: an in-place edit that keeps the size, the inode and the modification time (put back
with ``os.utime``) is not served from the cache: the key holds a hash of the file's ends."""

from __future__ import annotations

import os

import hostile_staged
import pytest
from reportcheck import untimed

from audiolint import cache, pipeline
from audiolint.config import Config


def test_edit_keeping_the_mtime_is_not_a_cache_hit(tmp_path, gen):
    data = tmp_path / "data"
    clip = gen.write_wav(data / "a.wav", gen.speechlike(16000, 2.0, seed=1), 16000)
    config = Config(cache_dir=str(tmp_path / "cache"), jobs=1)
    before = pipeline.run([data], config)
    assert not any(f.rule == "S001" for f in before.all_findings())
    silent = tmp_path / "silent.wav"
    gen.write_wav(silent, gen.silence(16000, 2.0), 16000)
    hostile_staged.rewrite_keeping_times(clip, silent.read_bytes())
    after = pipeline.run([data], config)
    fresh = pipeline.run([data], Config(cache_dir=None, jobs=1))
    assert untimed(after.to_dict()) == untimed(fresh.to_dict()) != untimed(before.to_dict())


@pytest.mark.parametrize("where", ["start", "end"])
def test_the_key_changes_with_either_end(tmp_path, where):
    path = tmp_path / "x.wav"
    blob = bytearray(os.urandom(300_000))
    path.write_bytes(bytes(blob))
    k1 = cache.key(path, "s")
    blob[0 if where == "start" else -1] ^= 0xFF
    hostile_staged.rewrite_keeping_times(path, bytes(blob))
    assert cache.key(path, "s") != k1


def test_a_fifo_is_keyed_without_being_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.wav")
    assert cache.key(tmp_path / "pipe.wav", "s")  # returns at once: no open() on a FIFO
