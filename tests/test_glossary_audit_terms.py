"""Words audiolint's messages, ``explain`` texts and README use, each with a glossary entry.

The newcomer audit of session 18 found MDCT (T001's grid evidence, ``explain T001 --full``),
dither (``audiolint fix --bits``: "with TPDF dither") and joint stereo (T001's evidence "the side
channel stops well before the mid (joint-stereo coding)") used with no entry: ``audiolint explain
MDCT`` answered that there is no such term. Also anti-phase (S006), anti-alias filter (T001) and
quantisation floor (fidelity evidence), now aliases of the entries that explain them.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from audiolint import glossary
from audiolint.cli import cli

WORDS = [  # (the word as the texts use it, the entry that explains it)
    ("MDCT", "MDCT"),
    ("MDCT grid", "MDCT"),
    ("dither", "Dither"),
    ("TPDF dither", "Dither"),
    ("joint stereo", "Joint stereo"),
    ("joint-stereo", "Joint stereo"),
    ("anti-phase", "Channels"),  # S006: "the channels are in anti-phase"
    ("anti-alias filter", "Nyquist frequency"),  # T001: "its own anti-alias filter"
    ("quantisation floor", "Dither"),  # fidelity: "content fades into the quantisation floor"
]


@pytest.mark.parametrize(("word", "name"), WORDS)
def test_the_word_finds_its_entry(word, name):
    term = glossary.load().lookup(word)
    assert term is not None and term.name == name
    assert len(term.definition) > 40 and term.why
    assert term.summary and len(term.summary) <= 100
    assert term.source.startswith("https://en.wikipedia.org/")
    assert all(rel in glossary.load() for rel in term.related)


@pytest.mark.parametrize("word", ["MDCT", "dither", "joint stereo"])
def test_explain_answers_with_the_entry(word):
    res = CliRunner().invoke(cli, ["explain", word, "--no-color"])
    assert res.exit_code == 0 and "no term or rule" not in res.output
    assert glossary.load().lookup(word).summary.split()[0] in res.output
