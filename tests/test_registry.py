"""Every rule is complete: unique ID and name, a doc, defaults, a severity, a glossary term that
exists, and its own test module."""

import importlib
from pathlib import Path

import pytest

from audiolint import glossary, rules
from audiolint.models import SEVERITIES

RULE_TESTS = Path(__file__).parent / "rules"


@pytest.mark.parametrize("rule", rules.ALL, ids=lambda r: r.ID)
def test_rule_is_complete(rule):
    assert rule.ID[0].isalpha() and rule.ID[1:].isdigit()
    assert rule.NAME.lower() == rule.NAME and " " not in rule.NAME
    assert rule.SEVERITY in SEVERITIES
    assert rule.SCOPE in ("file", "dataset")
    assert isinstance(rule.DEFAULT, dict)
    summary, _ = rules.describe(rule)
    assert len(summary) > 10, "the module docstring's first line is the rule's summary"
    assert rule.TERM in glossary.load(), f"{rule.TERM!r} is not a glossary term name"
    assert callable(rule.check)
    module = rule.__name__.rsplit(".", 1)[-1]
    assert (RULE_TESTS / f"test_{module}.py").is_file(), f"no tests/rules/test_{module}.py"


def test_ids_and_names_unique():
    assert len({r.ID for r in rules.ALL}) == len(rules.ALL)
    assert len({r.NAME for r in rules.ALL}) == len(rules.ALL)


def test_every_rule_module_is_registered():
    package = Path(rules.__file__).parent
    # S007's further tests and D003's ranking and advice, kept apart to keep their rules short
    helpers = {"no_voice_signs", "no_voice_level", "duplicate_rank", "duplicate_traits"}
    helpers |= {"duplicate_advice", "duplicate_hires"}
    modules = {p.stem for p in package.glob("*.py")} - {"__init__", "base"} - helpers
    assert modules == {r.__name__.rsplit(".", 1)[-1] for r in rules.ALL}
    assert all(not hasattr(importlib.import_module(f"{rules.__name__}.{h}"), "ID") for h in helpers)


def test_lookup_by_id_prefix_and_name():
    assert rules.get("q003").NAME == "low-sample-rate"
    assert rules.get("low-sample-rate").ID == "Q003"
    assert rules.matches(rules.get("Q003"), "Q")
    assert not rules.matches(rules.get("Q003"), "F")


@pytest.mark.parametrize("rule", rules.ALL, ids=lambda r: r.ID)
def test_rule_names_only_known_analysers(rule):
    from audiolint.analysis import registry

    known = set(registry.FACTORIES) | {registry.DECODE}
    declared = getattr(rule, "ANALYSERS", ())
    assert isinstance(declared, tuple) and set(declared) <= known
