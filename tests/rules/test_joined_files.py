"""Files joined end to end (F006): chained Ogg streams and MP3 files joined with ``cat``.

Their headers count the first file alone: mutagen mixed a short first link's header with a long
second link's last granule ("the header claims 192,153,584,101,141 s": review 50f), libsndfile
reads the first link or the first MP3's Xing count alone, and FFmpeg skipped the tag between
two joined MP3s as damage. Built from committed real recordings (tests/data: their .txt files
give the sources) by joining their bytes; the MP3s by LAME through libsndfile.
"""

from __future__ import annotations

from pathlib import Path

import audiogen
import pytest
import soundfile as sf

from audiolint import pipeline
from audiolint.config import Config
from audiolint.probe import mpeg, oggchain, probe

DATA = Path(__file__).parent.parent / "data"
pytest.importorskip("av", reason="FFmpeg (PyAV) decodes every link")


def _report(path):
    config = Config(cache_dir=None)
    return pipeline.file_report(pipeline.build_context(path, config), config)


def _rules(report) -> dict[str, str]:
    return {f.rule: f.message for f in report.findings}


def _join(tmp_path, name, *parts: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(parts))
    return path


def test_chained_ogg_is_measured_whole_and_named(tmp_path):
    kah, mii = (DATA / f"klettres_ml_{n}.ogg" for n in ("kah", "mii"))
    path = _join(tmp_path, "both.ogg", kah.read_bytes(), mii.read_bytes())
    whole = sf.info(str(kah)).duration + sf.info(str(mii)).duration
    report = _report(path)
    rules = _rules(report)
    assert report.properties.duration_s == pytest.approx(whole, abs=0.02)
    assert "F001" not in rules, rules
    assert "2 Ogg streams" in rules["F006"] and "at most the first, 2.56 s" in rules["F006"]
    # every link was analysed: more sound than the first link holds
    first = _report(kah).signal["usable_duration_s"]
    assert report.signal["usable_duration_s"] > first + 1.0


def test_a_short_link_before_a_long_one_is_no_damaged_header(tmp_path):
    """Review 50f: a 0.8 s link before an 11.8 s one read F001 "the header claims a duration
    of 192,153,584,101,141.16 s"."""
    speech, rate = sf.read(str(DATA / "sr_english.flac"), dtype="float32")
    short = audiogen.write_vorbis(tmp_path / "short.ogg", speech[: rate // 2], rate)
    long = audiogen.write_vorbis(tmp_path / "long.ogg", speech, rate)
    path = _join(tmp_path, "chain.ogg", short.read_bytes(), long.read_bytes())
    report = _report(path)
    rules = _rules(report)
    assert "F001" not in rules, rules
    assert report.properties.duration_s == pytest.approx(len(speech) / rate + 0.5, abs=0.02)
    assert "F006" in rules


def test_links_at_different_rates_are_named_and_the_first_analysed(tmp_path):
    """FFmpeg stops where a link changes rate; libsndfile reads the first link whole."""
    first = DATA / "teeworlds_ninja_attack_q1.ogg"  # 44.1 kHz
    path = _join(tmp_path, "mixed.ogg", first.read_bytes(), (DATA / "fillets_nl_trimmed.ogg")
                 .read_bytes())  # fmt: skip
    report = _report(path)
    rules = _rules(report)
    assert "F001" not in rules, rules
    assert "differ in sample rate" in rules["F006"]
    assert report.properties.duration_s == pytest.approx(sf.info(str(first)).duration, abs=0.01)


def _mp3(tmp_path, name: str, source: str) -> Path:
    data, rate = sf.read(str(DATA / source), dtype="float32")
    return audiogen.write_mp3(tmp_path / name, data, rate, kbps=128)


def test_mp3s_joined_under_a_xing_header_are_measured_whole(tmp_path):
    a = _mp3(tmp_path, "a.mp3", "sr_english.flac")
    b = _mp3(tmp_path, "b.mp3", "myprosody_suun3.flac")
    assert mpeg.scan(a.read_bytes()).has_vbr_header  # LAME's Info frame states a's length
    path = _join(tmp_path, "ab.mp3", a.read_bytes(), b.read_bytes())
    report = _report(path)
    rules = _rules(report)
    whole = probe(a).properties.duration_s + probe(b).properties.duration_s
    assert report.properties.duration_s == pytest.approx(whole, abs=0.1)
    assert "2 MP3 files" in rules["F006"] and "F001" not in rules, rules
    assert report.properties.bitrate_bps == 128000


def _id3(size: int) -> bytes:
    syncsafe = bytes((size >> s) & 0x7F for s in (21, 14, 7, 0))
    return b"ID3\x04\x00\x00" + syncsafe + b"\0" * size


def test_a_tag_between_joined_mp3s_is_not_damage(tmp_path):
    """Two MP3s without Xing frames, each with its ID3 tag, joined: FFmpeg skips the second
    tag as invalid packets, which read "damaged ... the audio jumps there" before."""
    bodies = []
    for name, source in (("a.mp3", "sr_english.flac"), ("b.mp3", "myprosody_suun3.flac")):
        data = _mp3(tmp_path, name, source).read_bytes()
        found = mpeg.scan(data)
        frame = data.find(b"\xff\xfb")  # the Info frame: dropped, so nothing states a length
        size = mpeg._parse(data[frame : frame + 4])[0]
        assert found.has_vbr_header
        bodies.append(_id3(300) + data[frame + size :])
    path = _join(tmp_path, "ab.mp3", *bodies)
    report = _report(path)
    rules = _rules(report)
    assert "F001" not in rules, rules
    assert "F006" not in rules, rules  # every reader gets the whole: nothing to warn about
    assert report.properties.duration_s > 5.5  # 2.74 s and 3.0 s


def test_a_tag_appended_after_the_frames_is_no_second_file(tmp_path):
    a = _mp3(tmp_path, "a.mp3", "sr_english.flac")
    alone = probe(a).properties.duration_s
    path = _join(tmp_path, "tagged.mp3", a.read_bytes(), _id3(40_000))
    result = probe(path)
    assert not [p for p in result.problems if p.kind in ("joined", "joints")]
    assert result.properties.duration_s == pytest.approx(alone, abs=0.001)


def test_interleaved_ogg_streams_are_not_a_chain():
    """Pages of an earlier stream after a later one began: multiplexed, not chained."""
    data = (DATA / "klettres_ml_kah.ogg").read_bytes()
    pages, pos = [], 0
    while pos < len(data):
        nseg = data[pos + 26]
        end = pos + 27 + nseg + sum(data[pos + 27 : pos + 27 + nseg])
        pages.append(data[pos:end])
        pos = end
    other = [p[:14] + b"\x99\x99\x99\x99" + p[18:] for p in pages]  # the same, another serial
    mixed = b"".join(x for pair in zip(pages, other, strict=True) for x in pair)
    assert oggchain.links(mixed) == []
    assert len(oggchain.links(data)) == 1
