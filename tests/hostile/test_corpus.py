"""The hostile corpus: every entry reported exactly once, each with the right plain answer."""

from __future__ import annotations

import hostilegen
import pytest

GROUPS = [
    "good",
    "truncated",
    "flipped-header",
    "flipped-body",
    "empty",
    "text",
    "renamed",
    "absurd",
    "odd-name",
    "skipped",
    "special",
]


@pytest.mark.parametrize("group", GROUPS)
def test_group_survives(corpus, group):
    _, cases, _, verdicts = corpus
    mine = [(c, why) for c, why in verdicts if c.group == group]
    assert mine, f"no {group} cases were generated"
    failures = [f"{c.path!r}: {why}" for c, why in mine if why]
    assert not failures, "\n".join(failures)


def test_nothing_unexpected_and_nothing_lost(corpus):
    _, cases, report, verdicts = corpus
    assert not [c.path for c, why in verdicts if c.group == "unexpected"]
    assert len(report.files) + len(report.skipped) == len(cases)


def test_corpus_is_large_and_varied(corpus):
    _, cases, _, _ = corpus
    assert len(cases) > 200
    assert {c.group for c in cases} == set(GROUPS)


def test_judge_catches_a_wrong_expectation(corpus):
    """The judge is not a rubber stamp: a false claim about an entry is reported as wrong."""
    root, cases, report, _ = corpus
    empty = next(c for c in cases if c.group == "empty")
    lies = [
        hostilegen.Case("empty", empty.path, "clean"),
        hostilegen.Case("empty", empty.path, "no such words"),
        hostilegen.Case("empty", empty.path, "skipped", "hidden"),
    ]
    from audiolint.pipeline import display_path

    verdicts = hostilegen.judge(report, root, lies, display_path)
    assert all(why for c, why in verdicts if c.group == "empty")


def test_plain_words(corpus):
    """The messages a person reads say what is wrong without jargon or Python noise."""
    _, _, report, _ = corpus
    messages = [f.message for fr in report.files for f in fr.findings if f.rule == "F001"]
    assert messages
    for m in messages:
        assert "Traceback" not in m and "Error opening" not in m and "\n" not in m
