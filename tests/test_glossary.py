"""The glossary: complete, well-formed, original wording, and forgiving look-up."""

import re
from pathlib import Path

import pytest
import yaml

from audiolint import glossary

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "glossary-ai-hub.md"
RULE_TERMS = [
    "Backing vocals",
    "Bit depth",
    "Bitrate",
    "Lossless formats",
    "Lossy formats",
    "Sample rate",
    "Channels",
    "Clip length",
    "Dataset length",
    "Clipping",
    "Silence",
    "DC offset",
    "Loudness",
    "Noise floor",
    "Transcoding",
    "Upsampling",
    "Corrupt file",
    "File extension",
    "Duplicate",
    "File name",
]
SEED_TERMS = [
    "Backing vocals",
    "Bit depth",
    "Bitrate",
    "Checkpoints",
    "Cloud-based",
    "CUDA",
    "DAW",
    "Fine-tuning",
    "Fork",
    "Gradio",
    "Google Colab",
    "GPU",
    "Inference",
    "Local running",
    "Lossless formats",
    "Lossy formats",
    "Localtunnel",
    "Model training",
    "Specs",
    "0 Shot Training",
    "Optim",
]


@pytest.fixture(scope="module")
def g():
    return glossary.load()


@pytest.mark.parametrize("name", sorted(set(RULE_TERMS + SEED_TERMS)))
def test_required_term_present_and_complete(g, name):
    term = g.terms[name]
    assert len(term.definition) > 40
    assert term.summary and len(term.summary) <= 100
    assert term.source.startswith("https://")


def test_every_term_well_formed(g):
    for term in g:
        assert term.definition and term.summary and term.source.startswith("https://"), term.name
        for rel in term.related:
            assert rel in g, f"{term.name}: related term {rel!r} does not exist"


def test_names_and_aliases_unique():
    data = yaml.safe_load(glossary.glossary_path().read_text(encoding="utf-8"))
    keys = []
    for e in data["terms"]:
        keys += [glossary.normalise(k) for k in [e["name"], *e.get("aliases", [])]]
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("sample rate", "Sample rate"),
        ("SampleRate", "Sample rate"),
        ("sr", "Sample rate"),
        ("sample-rate", "Sample rate"),
        ("BITRATE", "Bitrate"),
        ("kbps", "Bitrate"),
        ("lossless", "Lossless formats"),
        ("mp3", "Lossy formats"),
        ("flac", "Lossless formats"),
    ],
)
def test_lookup_is_forgiving(g, typed, name):
    assert g.lookup(typed).name == name


def test_typo_suggestions(g):
    assert g.lookup("bitrat") is None
    assert "Bitrate" in g.suggest("bitrat")
    assert "Sample rate" in g.suggest("sample rte")


@pytest.mark.skipif(not SEED.is_file(), reason="the seed glossary is not beside this checkout")
def test_definitions_are_our_own_words(g):
    """No definition repeats a run of 8 or more words from the community source."""
    seed = re.sub(r"[^a-z0-9 ]+", " ", SEED.read_text(encoding="utf-8").lower()).split()
    grams = {" ".join(seed[i : i + 8]) for i in range(len(seed) - 7)}
    for term in g:
        words = re.sub(r"[^a-z0-9 ]+", " ", term.definition.lower()).split()
        copied = [
            " ".join(words[i : i + 8])
            for i in range(len(words) - 7)
            if " ".join(words[i : i + 8]) in grams
        ]
        assert not copied, f"{term.name} copies the source: {copied[0]!r}"
