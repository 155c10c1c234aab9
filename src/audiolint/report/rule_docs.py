"""Per-rule documentation pages (``docs/rules/<ID>-<name>.md``), made from the rule modules.

Each page is built from what the rule module itself declares: its docstring, its constants
(severity, scope, what it needs), its ``DEFAULT`` options and the glossary entry of its term,
so the pages cannot drift from the code (``scripts/rule_docs.py`` writes them;
``tests/test_rule_docs.py`` fails when the committed pages are out of step). SARIF points at
them (``helpUri``), and :data:`PROJECT_URL` is the one place the project's address is kept.
"""

from __future__ import annotations

import json
import re
from types import ModuleType

from audiolint import glossary, rules
from audiolint.models import SEVERITIES

PROJECT_URL = "https://github.com/audiolint/audiolint"
DOCS_DIR = "docs/rules"
BRANCH = "main"

# What each REQUIRES value means to a user.
NEEDS = {
    "probe": "the headers only (it runs even on a file that cannot be decoded)",
    "readable": "a readable file (headers; no decoding)",
    "signal": "the decoded signal (not in `--quick` runs)",
    "fidelity": "the spectral (fidelity) analysis of the decoded signal (not in `--quick` runs)",
}
SCOPES = {"file": "each file", "dataset": "the dataset as a whole"}


def filename(rule: ModuleType) -> str:
    """The page's file name, e.g. ``Q003-low-sample-rate.md``."""
    return f"{rule.ID}-{rule.NAME}.md"


def url(rule: ModuleType) -> str:
    """The web address of the rule's page (SARIF's ``helpUri``)."""
    return f"{PROJECT_URL}/blob/{BRANCH}/{DOCS_DIR}/{filename(rule)}"


def index_url() -> str:
    """The web address of the list of rules."""
    return f"{PROJECT_URL}/blob/{BRANCH}/{DOCS_DIR}/README.md"


def _markdown(docstring_text: str) -> str:
    """reStructuredText-ish docstring prose as Markdown: ````x```` becomes ```x```, and the
    lines of each paragraph are joined."""
    paragraphs = re.split(r"\n\s*\n", docstring_text.strip())
    text = "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
    return text.replace("``", "`")


def _toml(value) -> str:
    """A default option value written as TOML (strings, numbers, booleans, arrays)."""
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value)


def _options(rule: ModuleType) -> list[str]:
    options = {k: v for k, v in rule.DEFAULT.items() if v is not None}
    if not options:
        return ["This rule has no options.", ""]
    lines = [
        "| option | default |",
        "| --- | --- |",
        *(f"| `{k.replace('_', '-')}` | `{_toml(v)}` |" for k, v in options.items()),
        "",
        "Set them in `audiolint.toml` (or under `[tool.audiolint]` in `pyproject.toml`):",
        "",
        "```toml",
        f"[rules.{rule.NAME}]",
        *(f"{k.replace('_', '-')} = {_toml(v)}" for k, v in options.items()),
        "```",
        "",
    ]
    return lines


def page(rule: ModuleType) -> str:
    """The Markdown page of one rule."""
    doc = (rule.__doc__ or "").strip()
    title, _, body = doc.partition("\n")
    term = glossary.load().lookup(rule.TERM)
    analysers = ", ".join(f"`{a}`" for a in getattr(rule, "ANALYSERS", ())) or "none"
    lines = [
        f"# {rule.ID} `{rule.NAME}`",
        "",
        _markdown(title),
        "",
        "| | |",
        "| --- | --- |",
        f"| default severity | {rule.SEVERITY} |",
        f"| checks | {SCOPES.get(rule.SCOPE, rule.SCOPE)} |",
        f"| needs | {NEEDS.get(rule.REQUIRES, rule.REQUIRES)} |",
        f"| analysers | {analysers} |",
        f"| glossary term | {rule.TERM} |",
        "",
    ]
    if body.strip():
        lines += ["## What it finds", "", _markdown(body), ""]
    if term:
        lines += [f"## {term.name}", "", _markdown(term.definition), ""]
        if term.why:
            lines += ["### Why it matters", "", _markdown(term.why), ""]
    lines += ["## Options", "", *_options(rule)]
    lines += [
        "## Turning it off or changing its level",
        "",
        "```toml",
        f'ignore = ["{rule.ID}"]',
        "",
        f"[rules.{rule.ID}]",
        'severity = "{}"  # or "{}"'.format(*(s for s in SEVERITIES if s != rule.SEVERITY)),
        "```",
        "",
        f"`audiolint explain {rule.ID}` prints this rule and its term in a terminal.",
        "",
        "*Generated from `src/audiolint/rules/"
        f"{rule.__name__.rsplit('.', 1)[-1]}.py` by `scripts/rule_docs.py`.*",
        "",
    ]
    return "\n".join(lines)


def index() -> str:
    """The list of rules (``docs/rules/README.md``)."""
    lines = [
        "# audiolint rules",
        "",
        "One page per rule, generated from the rule modules by `scripts/rule_docs.py`.",
        "",
        "| ID | name | default | checks | term | what it finds |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in rules.ALL:
        summary, _ = rules.describe(rule)
        finds = _markdown(summary.partition(": ")[2] or summary).replace("|", "\\|")
        lines.append(
            f"| {rule.ID} | [`{rule.NAME}`]({filename(rule)}) | {rule.SEVERITY} | "
            f"{rule.SCOPE} | {rule.TERM} | {finds} |"
        )
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """Every generated file under ``docs/rules``, by file name."""
    out = {filename(rule): page(rule) for rule in rules.ALL}
    out["README.md"] = index()
    return out
