"""Headers that claim absurd channel counts, rates and lengths are reported, never decoded into
gigabytes, and a long ID3 tag or a garbage MP3 is not read byte by byte."""

from __future__ import annotations

import time
import tracemalloc

import hostilegen
import numpy as np
import pytest
import soundfile

from audiolint import pipeline
from audiolint.config import Config
from audiolint.errors import CorruptFileError
from audiolint.probe import decode, mpeg, sniff


def _checked(path):
    config = Config(cache_dir=None)
    return pipeline.file_report(pipeline.build_context(path, config), config)


def test_absurd_headers_stay_small(tmp_path, base):
    """In-process (no worker), so tracemalloc sees every numpy block the decode allocates."""
    cases = hostilegen.absurd_headers(base)
    tracemalloc.start()
    try:
        for name, (data, words) in cases.items():
            path = tmp_path / name
            path.write_bytes(data)
            fr = _checked(path)
            corrupt = [f.message for f in fr.findings if f.rule == "F001"]
            assert all(f.rule != "F005" for f in fr.findings), (name, fr.findings)
            if words is not None:
                assert any(words in m for m in corrupt), (name, corrupt)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_decoder_refuses_too_many_channels(monkeypatch, base):
    class Huge:
        channels = 65535

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, *a, **k):  # pragma: no cover - must never be reached
            raise AssertionError("read a 65535-channel block")

    monkeypatch.setattr(soundfile, "SoundFile", lambda *a, **k: Huge())
    with pytest.raises(CorruptFileError, match="65535 channels"):
        list(decode.blocks(base["wav16"], "wav"))


def test_decoder_turns_any_backend_error_into_corrupt_file(monkeypatch, base):
    def weird(*a, **k):
        raise TypeError("unexpected backend failure")

    monkeypatch.setattr(soundfile, "SoundFile", weird)
    with pytest.raises(CorruptFileError, match="unexpected backend failure"):
        list(decode.blocks(base["wav16"], "wav"))


def test_huge_id3_size_reads_a_few_bytes(tmp_path, base):
    path = tmp_path / "tag.mp3"
    path.write_bytes(b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f" + base["mp3cbr"].read_bytes())
    head = sniff.read_head(path)
    assert len(head) <= 4096 + 74  # not the 256 MB the tag claims
    assert sniff.sniff_bytes(head) == "mp3"


def test_garbage_mp3_scan_gives_up_fast():
    junk = b"\xff" * (8 * 2**20)  # every byte a sync candidate, no valid frame
    # CPU time of this thread, not wall time: the bound is about the scan's work, and a loaded
    # machine (3.7 s wall once, with other jobs running) must not fail it
    started = time.thread_time()
    assert mpeg.scan(junk) is None
    assert time.thread_time() - started < 2


def test_missing_channel_count_and_garbled_codec_are_damaged_headers():
    """Found by fuzzing an M4A: mutagen returned channels=None and a codec of mojibake, and the
    analysers could not be built for a stream of None channels."""
    from audiolint.models import Properties
    from audiolint.probe import sanity

    props = Properties(container="mp4", codec="òé®ï", sample_rate=40585, channels=None)
    assert sanity.header_problems(props, 7637) == [
        "the header does not say how many channels the audio has: a damaged header",
        "unsupported codec: the header names a codec 'òé®ï' no audio tool knows",
    ]
    sane = Properties(container="mp4", codec="aac", sample_rate=44100, channels=2, duration_s=1)
    assert sanity.header_problems(sane, 20000) == []


def test_missing_sample_rate_is_a_damaged_header_not_an_internal_error(tmp_path, base):
    """Found by fuzzing an ALAC M4A (hypothesis seed 431794): the probe returned no sample rate
    and every analyser failed on ``int(None)``, reported as an F005 internal error."""
    from audiolint.models import Properties
    from audiolint.probe import sanity

    props = Properties(container="mp4", codec="alac", sample_rate=None, channels=1)
    assert sanity.header_problems(props, 21938) == [
        "the header gives no sample rate, so the audio cannot be measured: a damaged header"
    ]
    # A backend that cannot read the format says nothing of the rate: not analysed, not damaged.
    assert sanity.header_problems(props, 21938, need_channels=False) == []
    blob = hostilegen.mutate(base["alac"].read_bytes(), np.random.default_rng(431794))
    path = tmp_path / "fuzz.m4a"
    path.write_bytes(blob)
    rules = {f.rule for f in _checked(path).findings}
    assert "F005" not in rules
