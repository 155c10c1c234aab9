"""Apply the rules to a file or dataset context and annotate each finding from the glossary.

The engine owns severity: a rule may grade a problem (warning vs error), a configuration may
force a level, and everything else gets the rule's default.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from types import ModuleType

from audiolint import rules
from audiolint.config import Config
from audiolint.context import DatasetContext, FileContext
from audiolint.models import Finding
from audiolint.rules.base import Problem

# The tool's own "could not check this file" findings (unreadable, internal error)
# run whatever --select says, as ruff reports syntax errors: otherwise
# `--select S007` on a broken file prints "1 clean" and exits 0. Only an ignore naming one
# by its full ID or name turns it off.
ALWAYS = frozenset({"F001", "F005"})


def enabled_rules(config: Config, scope: str) -> list[ModuleType]:
    """The rules of ``scope`` ("file" or "dataset") that the configuration selects."""
    if scope == "dataset" and not config.dataset:
        return []
    named = {s.strip().upper() for s in config.ignore}
    ids = chosen(config) | {
        r.ID for r in rules.ALL if r.ID in ALWAYS and not named & {r.ID, r.NAME.upper()}
    }
    return [rule for rule in rules.ALL if scope == rule.SCOPE and rule.ID in ids]


def chosen(config: Config) -> frozenset[str]:
    """IDs of the rules the selectors themselves enable (without :data:`ALWAYS`): only these
    decide which analysers run, so ``--select Q003`` still decodes nothing."""
    return rules.selected(config.select, config.extend_select, config.ignore, config.base_rules)


def options_for(rule: ModuleType, config: Config) -> dict:
    """The rule's defaults, overridden by the configuration (global settings such as
    ``target_rate`` were folded into the rule options when the configuration was resolved)."""
    opts = dict(rule.DEFAULT)
    opts.update(config.rule_options.get(rule.ID, {}))
    return opts


def deferred(rule: ModuleType, enabled: list[ModuleType], display: str, config: Config) -> dict:
    """What ``rule`` needs to leave a file to the rules it names in ``DEFERS_TO`` (S009 leaves a
    file S007 finds no voice in to S007): under ``"_<ID>"``, that rule's options as this run
    sets them when it runs on this file, else ``None`` (ignored, not selected, or ignored for
    this path), so the rule judges the file itself."""
    out: dict = {}
    for rid in getattr(rule, "DEFERS_TO", ()):
        other = rules.get(rid)
        runs = other in enabled and not ignored_for_path(other, display, config)
        out[f"_{rid}"] = options_for(other, config) if runs else None
    return out


def ignored_for_path(rule: ModuleType, display: str, config: Config) -> bool:
    """True when a per-path ignore turns ``rule`` off for this path."""
    for pattern, selectors in config.per_path_ignores.items():
        if fnmatch.fnmatch(display, pattern) and any(rules.matches(rule, s) for s in selectors):
            return True
    return False


def skip_reason(rule: ModuleType, ctx: FileContext) -> str | None:
    """Why ``rule`` cannot run on this file (unreadable, or its signal not analysed), or None."""
    requires = getattr(rule, "REQUIRES", "readable")
    if requires == "probe":
        return None
    if not ctx.probe.readable:
        return "the file could not be read"
    if requires in ("signal", "fidelity") and getattr(ctx, requires) is None:
        return "the signal was not analysed"
    return None


def make_finding(rule: ModuleType, problem, config: Config) -> Finding:
    """Turn a rule's problem into an annotated finding."""
    from audiolint import glossary  # here: a run with no finding never loads it

    severity = config.severity.get(rule.ID) or problem.severity or rule.SEVERITY
    term = glossary.load().lookup(rule.TERM)
    return Finding(
        rule=rule.ID,
        name=rule.NAME,
        severity=severity,
        term=rule.TERM,
        message=problem.message,
        definition=term.definition if term else "",
        data=dict(problem.data),
    )


def _crash(rule: ModuleType, exc: Exception, display: str, config: Config) -> Finding:
    """A rule raised: an F005 finding in its place, so one bad file never stops the run."""
    rules.internal_error.log().debug("internal error on %s", display, exc_info=exc)
    message = rules.internal_error.message(f"running rule {rule.ID} ({rule.NAME})", exc)
    return make_finding(rules.internal_error, Problem(message), config)


def check_file(
    ctx: FileContext, config: Config
) -> tuple[tuple[Finding, ...], tuple[tuple[str, str | None], ...]]:
    """Run every enabled file rule on one file; a rule that raises becomes an F005 finding.

    Returns the findings and the rules checked on this file (those not ignored for its path)
    as ``(rule ID, why it could not run or None)``, for reports that list what ran."""
    found: list[Finding] = []
    checked: list[tuple[str, str | None]] = []
    enabled = enabled_rules(config, "file")
    for rule in enabled:
        if ignored_for_path(rule, ctx.display, config):
            continue
        reason = skip_reason(rule, ctx)
        checked.append((rule.ID, reason))
        if reason is not None:
            continue
        options = {**options_for(rule, config), **deferred(rule, enabled, ctx.display, config)}
        try:
            found.extend(make_finding(rule, p, config) for p in rule.check(ctx, options))
        except Exception as exc:
            found.append(_crash(rule, exc, ctx.display, config))
    return tuple(found), tuple(checked)


def check_dataset(ctx: DatasetContext, config: Config) -> Iterable[tuple[str | None, Finding]]:
    """Run the dataset rules; yields (display path or None, finding) pairs.

    A dataset rule may attach a finding to one file (a duplicate, an odd file name) by putting
    ``"path"`` in its problem's data; others concern the dataset as a whole.
    """
    for rule in enabled_rules(config, "dataset"):
        try:
            problems = list(rule.check(ctx, options_for(rule, config)))
        except Exception as exc:
            yield None, _crash(rule, exc, "the dataset", config)
            continue
        for problem in problems:
            where = problem.data.get("path")
            if where is not None and ignored_for_path(rule, where, config):
                continue  # per-path ignores hold for findings attached to a file too
            yield where, make_finding(rule, problem, config)
