"""F004 not-analysed: an M4A without PyAV names the extra to install; otherwise quiet."""

import sys

import pytest

SR = 22050


@pytest.fixture
def m4a(tmp_path, gen):
    try:
        return gen.write_m4a(tmp_path / "a.m4a", gen.speechlike(SR, 2.0), SR)
    except gen.EncoderUnavailable as exc:
        pytest.skip(str(exc))


def test_missing_decoder_is_reported(m4a, run_rule, monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)  # `import av` now raises ImportError
    [f] = run_rule(m4a, "F004")
    assert f.severity == "info" and f.term == "Codec"
    assert "pip install 'audiolint[decode]'" in f.message


def test_decodable_files_are_quiet(m4a, tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "b.wav", gen.speechlike(SR, 2.0), SR)
    assert run_rule(tmp_path, "F004") == []
