"""D004 file-name: spaces, brackets, quotes and non-ASCII characters in names and folders."""

import os

from audiolint import api
from audiolint.config import Config
from audiolint.rules.file_name import odd_characters


def _by_path(tmp_path):
    report = api.check(tmp_path, select=("D004",))
    files = {fr.path.rsplit("/", 1)[-1]: fr.findings for fr in report.files}
    return files, report.dataset_findings


def test_odd_file_names_are_flagged_on_the_file(tmp_path, gen):
    x = gen.tone(22050, 0.5)
    for name in ("my clip.wav", "take (2).wav", "voix-é.wav", "ok_name-1.wav", "a&b.wav"):
        gen.write_wav(tmp_path / name, x, 22050)
    files, dataset = _by_path(tmp_path)
    assert dataset == ()
    assert files["ok_name-1.wav"] == ()
    [space] = files["my clip.wav"]
    assert space.rule == "D004" and space.term == "File name" and space.severity == "warning"
    assert space.data["found"] == ["spaces"] and "has spaces" in space.message
    assert files["take (2).wav"][0].data["found"] == ["spaces", "brackets"]
    assert files["voix-é.wav"][0].data["found"] == ["non-ASCII 'é'"]
    assert files["a&b.wav"][0].data["found"] == ["'&'"]


def test_an_odd_folder_is_reported_once(tmp_path, gen):
    for name in ("a.wav", "b.wav", "c.wav"):
        gen.write_wav(tmp_path / "my set" / name, gen.tone(22050, 0.5), 22050)
    files, dataset = _by_path(tmp_path)
    assert all(f == () for f in files.values())
    [folder] = dataset
    assert folder.data["folder"].endswith("my set") and folder.data["found"] == ["spaces"]


def test_undecodable_bytes_and_plain_names(tmp_path, gen):
    good = gen.write_wav(tmp_path / "plain_Name-01.wav", gen.tone(22050, 0.5), 22050)
    bad = os.path.join(os.fsencode(tmp_path), b"bad\xff.wav")
    os.link(good, bad)
    files, _ = _by_path(tmp_path)
    assert files["plain_Name-01.wav"] == ()
    [f] = files["bad\\xff.wav"]
    assert f.data["found"] == ["bytes that are not UTF-8"]


def test_odd_characters_words():
    assert odd_characters("ok-name_1.wav", " ()") == []
    assert odd_characters("[v1] 🎤.wav", " ()[]") == ["brackets", "spaces", "non-ASCII emoji"]
    assert odd_characters("tab\there.wav", "") == ["tabs"]


def test_format_characters_are_named_not_printed():
    assert odd_characters("evil\u202egnp.wav", "") == ["non-ASCII U+202E"]


def test_per_path_ignores_hold_for_attached_findings(tmp_path, gen):
    gen.write_wav(tmp_path / "raw" / "take 1.wav", gen.tone(22050, 0.5), 22050)
    gen.write_wav(tmp_path / "take 2.wav", gen.tone(22050, 0.5), 22050)
    config = Config(select=("D004",), per_path_ignores={"*/raw/*": ("file-name",)})
    [f] = api.check(tmp_path, config).all_findings()
    assert f.data["path"].endswith("take 2.wav")
