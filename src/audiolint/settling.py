"""A run's :class:`Config` settled from a settings file's values, the command line's flags and
its layer of rule selectors (laid over the file's as ruff lays them), and completed for every
caller (command line, Python API, ``audiolint fix``): each selector checked to match a rule,
global options such as ``target-rate`` folded into the options of every rule taking them.
:mod:`audiolint.configfile` finds, reads and checks the file."""

from __future__ import annotations

import dataclasses
from typing import Any

from audiolint import rules
from audiolint.config import Config
from audiolint.errors import ConfigError

# The rule selectors, as Config fields; the command line layers its own on top.
SELECTORS = ("select", "extend_select", "ignore")


def check_selectors(values, key: str) -> tuple[str, ...]:
    """``values`` (one selector or several) as a tuple, each checked to match some rule.

    The one check the command line, the configuration and the Python API share: a single
    string is one selector (never its characters), and an unknown one is a
    :class:`ConfigError`, never a run that silently checks nothing."""
    if isinstance(values, str):
        values = (values,)
    out = tuple(values)
    for sel in out:
        if not isinstance(sel, str):
            raise ConfigError(f"{key}: expected rule selectors (strings), got {sel!r}")
        if not any(rules.matches(r, sel) for r in rules.ALL):
            raise ConfigError(f"{key}: {sel!r} matches no rule (see 'audiolint rules')")
    return out


def layered(settings: dict[str, Any], layer: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """The command line's selectors as a layer over the file's, as ruff resolves them:
    ``--select`` starts afresh (the file's selectors no longer count), ``--extend-select``
    adds to the rules the file enables and ``--ignore`` removes from them. Pops the file's
    selectors from ``settings``; returns the Config fields to set."""
    if not any(layer.get(k) for k in SELECTORS):
        return {}
    mine = {k: settings.pop(k, ()) for k in SELECTORS}
    base = tuple(sorted(rules.selected(**mine))) if any(mine.values()) else None
    return {"base_rules": base, **{k: tuple(layer.get(k, ())) for k in SELECTORS}}


# Settings that are also rule options: the global value reaches every rule taking it.
GLOBAL_OPTIONS = ("target_rate",)


def _rules_with(option: str) -> list[str]:
    """IDs of the rules that take ``option``."""
    return [r.ID for r in rules.ALL if option in r.DEFAULT]


def fold(config: Config) -> Config:
    """``config`` with each global option it sets (:data:`GLOBAL_OPTIONS`) written into the
    options of every rule that takes it, over the rule's own setting. The engine then reads
    rule options only. Idempotent."""
    merged = {rid: dict(opts) for rid, opts in config.rule_options.items()}
    for name in GLOBAL_OPTIONS:
        value = getattr(config, name)
        if value is None:
            continue
        for rid in _rules_with(name):
            merged.setdefault(rid, {})[name] = value
    return dataclasses.replace(config, rule_options=merged)


def settle(
    settings: dict[str, Any],
    overrides: dict[str, Any] | None = None,
    layer: dict[str, tuple[str, ...]] | None = None,
) -> Config:
    """A :class:`Config` from a file's ``settings`` and ``overrides`` (flags or API keywords).

    Precedence, least to most specific: a rule's default, a global key in the file
    (``target-rate``), the rule's own table (``[rules.Q003] target-rate``), the flag
    (``--target-rate``). ``overrides`` replace the file's values (an API keyword
    ``ignore=()`` clears the file's ignores); the command line's selectors come as a ``layer``
    over the file's instead (:func:`layered`). Selectors are checked here
    for every caller."""
    settings, overrides = dict(settings), dict(overrides or {})
    overrides.update(layered(settings, layer or {}))
    file_rules = {rid: dict(opts) for rid, opts in settings.get("rule_options", {}).items()}
    for name in GLOBAL_OPTIONS:
        value = settings.pop(name, None)
        if value is not None:
            for rid in _rules_with(name):
                file_rules.setdefault(rid, {}).setdefault(name, value)
    settings["rule_options"] = file_rules
    settings.update(overrides)
    return complete(dataclasses.replace(Config(), **settings))


def complete(config: Config) -> Config:
    """The last step of every resolution (command line and Python API): selectors checked
    (a single string is one selector), global options folded into rule options."""
    checked = {
        k: check_selectors(getattr(config, k), "--" + k.replace("_", "-")) for k in SELECTORS
    }
    return fold(dataclasses.replace(config, **checked))
