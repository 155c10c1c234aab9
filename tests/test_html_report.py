"""The HTML report: parsed with an HTML parser, then rendered and clicked in headless Chromium."""

from __future__ import annotations

import base64
import dataclasses
import struct
import sys
import types
import zlib
from html.parser import HTMLParser

import browser
import numpy as np
import pytest

from audiolint import api, glossary
from audiolint.report import html_report


def tiny_png(width: int = 48, height: int = 24) -> bytes:
    """A real gradient PNG, made with zlib so the test needs no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + bytes((x * 5) % 256 for x in range(width)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def fake_plot(monkeypatch):
    """Stand in for audiolint.plot (drawn by the fidelity work) with a real PNG."""
    calls = []

    def spectrogram_png(artifact, width=None, height=None):
        calls.append(artifact)
        return tiny_png()

    module = types.ModuleType("audiolint.plot")
    module.spectrogram_png = spectrogram_png
    monkeypatch.setitem(sys.modules, "audiolint.plot", module)
    return calls


def report_with_spectrogram(root):
    """A real report of the mixed dataset; low.wav carries a spectrogram artifact."""
    rep = api.check([root])
    files = tuple(
        dataclasses.replace(fr, artifacts={"spectrogram": np.ones((8, 8), np.float32)})
        if fr.path.endswith("low.wav")
        else fr
        for fr in rep.files
    )
    return dataclasses.replace(rep, files=files)


class Page(HTMLParser):
    """Collects what the checks need: links, images, table rows, text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls, self.imgs, self.rows, self.text, self.ids = [], [], 0, [], set()
        self._in_files = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.urls += [a[k] for k in ("src", "href") if k in a]
        if tag == "img":
            self.imgs.append(a)
        if tag == "table" and a.get("id") == "files":
            self._in_files = True
        if tag == "tr" and self._in_files:
            self.rows += 1
        if "id" in a:
            self.ids.add(a["id"])

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_files = False

    def handle_data(self, data):
        self.text.append(data)


def test_html_structure_and_self_contained(mixed_dataset, fake_plot):
    rep = report_with_spectrogram(mixed_dataset)
    page = Page()
    page.feed(html_report.document(rep))
    text = " ".join(" ".join(page.text).split())
    assert page.rows == 1 + len(rep.files)  # heading row + one per file
    for fr in rep.files:
        assert fr.path in text
        for f in fr.findings:
            assert f.message in text
            assert " ".join(glossary.load().lookup(f.term).definition.split()) in text
    # nothing is fetched: every link is in-page, every image a data URI
    assert all(u.startswith(("#", "data:")) for u in page.urls), page.urls
    assert all(u[1:] in page.ids for u in page.urls if u.startswith("#"))
    (img,) = page.imgs
    assert img["src"].startswith("data:image/png;base64,")
    assert base64.b64decode(img["src"].split(",", 1)[1]) == tiny_png()
    assert "low.wav" in img["alt"] and len(fake_plot) == 1


def test_html_escapes_hostile_names(tmp_path, gen):
    name = '<script>alert(1)</script>&"x".wav'
    gen.write_wav(tmp_path / name, gen.speechlike(16000, 1.0), 16000)
    doc = html_report.document(api.check([tmp_path]))
    assert "<script>alert" not in doc and "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in doc


def test_no_thumbnail_without_plot_or_when_drawing_fails(mixed_dataset, monkeypatch):
    rep = report_with_spectrogram(mixed_dataset)
    monkeypatch.setitem(sys.modules, "audiolint.plot", None)  # import fails
    assert "<img" not in html_report.document(rep)
    broken = types.ModuleType("audiolint.plot")
    broken.spectrogram_png = lambda artifact: 1 / 0
    monkeypatch.setitem(sys.modules, "audiolint.plot", broken)
    assert "<img" not in html_report.document(rep)


CHROMIUM = browser.find()


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium installed (Debian: apt-get install chromium; .ci/run installs it)",
)
def test_html_renders_and_sorts_in_headless_chromium(mixed_dataset, fake_plot, tmp_path, gen):
    gen.write_wav(mixed_dataset / "a_first.wav", gen.speechlike(22050, 1.0), 22050)
    rep = report_with_spectrogram(mixed_dataset)
    page = tmp_path / "report.html"
    page.write_text(html_report.document(rep), encoding="utf-8")
    b = browser.Browser(CHROMIUM, tmp_path / "profile")
    try:
        b.open(page.as_uri())
        assert b.eval("document.title").startswith("audiolint report")
        rows = "Array.from(document.querySelectorAll('#files tbody tr'))"
        assert b.eval(f"{rows}.length") == len(rep.files) == 4

        def column(i):
            return b.eval(f"{rows}.map(r => r.cells[{i}].textContent)")

        def click(i):
            b.eval(f"document.querySelectorAll('#files th button')[{i}].click()")

        rates = [fr.properties.sample_rate for fr in rep.files]
        click(2)  # Sample rate, ascending
        assert column(2) == [f"{r:,} Hz" for r in sorted(rates)]
        assert b.eval("document.querySelectorAll('#files th')[2].getAttribute('aria-sort')") == (
            "ascending"
        )
        click(2)  # and descending
        assert column(2) == [f"{r:,} Hz" for r in sorted(rates, reverse=True)]
        click(0)  # File, by text
        assert column(0) == sorted(column(0), key=str.lower)
        # the thumbnail decoded under the page's Content-Security-Policy
        assert b.eval("document.querySelector('img.spectrogram').naturalWidth") == 48
        shot = b.screenshot()
        assert shot.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", shot[16:24])
        assert width >= 800 and height >= 600
        (tmp_path / "report.png").write_bytes(shot)
        assert b.exceptions() == []  # no script error, no blocked fetch
    finally:
        b.close()


def test_cli_html_embeds_real_spectrograms(mixed_dataset, tmp_path):
    pytest.importorskip("audiolint.plot", reason="no spectrogram drawer (audiolint.plot)")
    from click.testing import CliRunner

    from audiolint.cli import cli

    out = tmp_path / "report.html"
    res = CliRunner().invoke(cli, ["check", str(mixed_dataset), "--format", "html", "-o", str(out)])
    assert res.exit_code == 1, res.output
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    readable = 3  # every file of the mixed dataset decodes
    assert len(page.imgs) == readable
    for img in page.imgs:
        png = base64.b64decode(img["src"].split(",", 1)[1])
        assert png.startswith(b"\x89PNG")
        assert struct.unpack(">II", png[16:24]) == html_report.THUMB


def test_each_term_is_defined_once_and_findings_link_to_it(mixed_dataset, gen):
    for i in range(6):  # six more 16 kHz files: Q003 "Sample rate" seven times
        gen.write_wav(mixed_dataset / f"low{i}.wav", gen.noise(16000, 1.0, seed=i), 16000)
    rep = api.check([mixed_dataset])
    doc = html_report.document(rep)
    page = Page()
    page.feed(doc)
    text = " ".join(" ".join(page.text).split())
    terms = {f.term for f in rep.all_findings()}
    assert sum(f.term == "Sample rate" for f in rep.all_findings()) >= 7
    for name in terms:
        term = glossary.load().lookup(name)
        assert text.count(" ".join(term.definition.split())) == 1, name
        assert html_report.term_id(name) in page.ids
    links = [u for u in page.urls if u.startswith("#term-")]
    assert len(links) == len(rep.all_findings())
    assert all(u[1:] in page.ids for u in links)
