"""Audio in a format no backend here reads (Musepack, DTS, RealAudio, raw GSM, SBC, aptX...) is
named as such, not "not audio" (review 43a: a folder of them read "3 skipped (3 not audio)" and
each, named on the command line, "not an audio file: its first bytes match no audio format").
Speex in Ogg (``.spx``), which the Ogg backends do read, is checked like any Ogg file."""

from __future__ import annotations

from pathlib import Path

from audiolint import api
from audiolint.discover import UNREAD
from audiolint.probe.sniff import EXTENSIONS, UNREAD_FORMATS

# the first bytes of a Musepack SV8 stream: its magic, then a stream header packet
MPC = b"MPCKSH" + bytes(range(64))


def test_a_folder_of_unread_audio_says_so(tmp_path):
    (tmp_path / "song.mpc").write_bytes(MPC)
    (tmp_path / "notes.txt").write_text("not audio")
    report = api.check([tmp_path]).to_dict()
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert reasons == {"song.mpc": UNREAD, "notes.txt": "not audio"}


def test_naming_one_says_which_format_and_what_to_do(tmp_path):
    path = tmp_path / "song.mpc"
    path.write_bytes(MPC)
    [f] = api.check([path]).files[0].findings
    assert f.rule == "F001"
    assert f.message.startswith("Musepack (named so): an audio format audiolint does not read")
    assert "convert it to WAV or FLAC" in f.message
    # a text file so named is still said to hold text
    path.write_text("hello")
    [f] = api.check([path]).files[0].findings
    assert "it holds text" in f.message


def test_speex_in_ogg_is_read_as_ogg():
    assert EXTENSIONS[".spx"] == "ogg" and ".spx" not in UNREAD_FORMATS
