"""Unusual file names (spaces, quotes, non-ASCII, invalid UTF-8, control characters) in every
output format: rendered without error, and never as raw terminal control characters."""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET

import hostilegen
import pytest

from audiolint import api, report
from audiolint.config import Config

# Raw C0 controls other than tab/newline/CR, DEL, C1 controls and bidi overrides: none of these
# may reach a reader's screen (or an XML parser) from a file name. Line-oriented text formats
# must not pass a CR from a name either (it would overwrite the start of the line).
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def odd_report(tmp_path_factory, base):
    root = tmp_path_factory.mktemp("names")
    # 16 kHz: a finding on every file, so each format has something to print about each name
    low = hostilegen.gen.write_wav(root / "low.wav", hostilegen._signal(1, 16000), 16000)
    data = low.read_bytes()
    low.unlink()
    for rel in hostilegen.ODD_NAMES:
        hostilegen.corpus_path(root, hostilegen.Case("odd-name", rel)).write_bytes(data)
    return api.check([root], Config(cache_dir=None)), root


def test_every_name_is_reported(odd_report):
    rep, root = odd_report
    assert len(rep.files) == len(hostilegen.ODD_NAMES)
    assert all(fr.findings for fr in rep.files)
    names = {fr.path.rsplit("/", 1)[-1] for fr in rep.files}
    assert "latin1 caf\\xe9.wav" in names and "\\xff\\xfe broken.wav" in names
    assert "ünïcödé 日本語 🎤.wav" in names


@pytest.mark.parametrize("fmt", sorted(report.FORMATS))
def test_format_prints_odd_names_safely(odd_report, fmt, tmp_path, monkeypatch):
    rep, root = odd_report
    monkeypatch.chdir(root)  # formats that print paths relative to the working folder
    stream = io.StringIO()
    report.get(fmt).render(rep, stream, color=False)
    text = stream.getvalue()
    assert text.strip(), f"{fmt} printed nothing"
    text.encode("utf-8")  # no lone surrogates: every name is printable as UTF-8
    stripped = text.lstrip()
    structured = True
    if fmt == "jsonl":
        [json.loads(line) for line in text.splitlines()]
    elif stripped.startswith(("{", "[")):
        json.loads(text)
    elif stripped.startswith("<?xml"):
        ET.fromstring(text.encode("utf-8"))
    else:
        structured = stripped.lower().startswith("<!doctype html")
    # Structured formats keep a name exact (a bidi override is data there, and their viewers
    # escape it); text meant for a terminal or a log shows it escaped.
    raw = RAW_CONTROL.findall(text if not structured else BIDI.sub("", text))
    bad = sorted({ascii(c) for c in raw})
    assert not bad, f"{fmt} printed raw control characters {bad}"
    if not structured:
        assert "\r" not in text, f"{fmt} printed a raw carriage return"


def test_json_keeps_names_exactly(odd_report):
    rep, root = odd_report
    doc = json.loads(json.dumps(rep.to_dict()))
    paths = {p["path"] for p in doc["files"]}
    assert os.path.join(str(root), "new\nline.wav") in paths
    assert os.path.join(str(root), 'quote\'s "double".wav') in paths
