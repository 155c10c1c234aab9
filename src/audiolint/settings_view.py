"""``audiolint check --show-settings``: the settings a run would use, resolved, as ruff shows its.

Everything that decides what a check reports: the configuration file found (or none), the
format and failure threshold, the selectors and the rules they enable, and every rule's
severity and options after the file and the flags are applied. Printed as TOML (readable, and
parseable by a script), or as JSON with ``--format json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from audiolint import engine, rules
from audiolint.config import Config


def resolved(config: Config, source: Path | None, paths, fmt: str) -> dict[str, Any]:
    """The resolved settings as a plain, TOML-shaped dict (no None: absent means unset)."""
    on = {r.ID for scope in ("file", "dataset") for r in engine.enabled_rules(config, scope)}
    out: dict[str, Any] = {
        "settings-file": str(source.absolute()) if source else "",
        "paths": [str(p) for p in paths],
        "format": fmt,
        "fail-on": config.fail_on,
        "select": list(config.select),
        "extend-select": list(config.extend_select),
        "ignore": list(config.ignore),
    }
    if config.base_rules is not None:  # the file's rules, under the command line's selectors
        out["settings-file-rules"] = list(config.base_rules)
    out |= {
        "enabled-rules": [r.ID for r in rules.ALL if r.ID in on],
        "disabled-rules": [r.ID for r in rules.ALL if r.ID not in on],
        "exclude": list(config.exclude),
        "respect-gitignore": config.respect_gitignore,
        "follow-links": config.follow_links,
        "dataset": config.dataset,
        "quick": not config.analyse,
        "jobs": config.jobs or 0,  # 0: one worker per core
        "cache-dir": config.cache_dir or "",  # "": no cache
        "timeout": config.timeout or 0.0,  # 0: the default (60 s plus 0.2 s per audio second)
        "per-path-ignores": {k: list(v) for k, v in config.per_path_ignores.items()},
        "rules": {},
    }
    for rule in rules.ALL:
        table = {"name": rule.NAME, "scope": rule.SCOPE, "enabled": rule.ID in on}
        table["severity"] = config.severity.get(rule.ID, rule.SEVERITY)
        for name, value in engine.options_for(rule, config).items():
            table[name.replace("_", "-")] = list(value) if isinstance(value, tuple) else value
        out["rules"][rule.ID] = table
    return out


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    return "[" + ", ".join(_value(v) for v in value) + "]"


def _key(key: str) -> str:
    bare = key.replace("-", "").replace("_", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key)


# What a top-level value that stands for "unset" means, said beside it in the TOML.
UNSET_MEANS = {
    "jobs": (0, "one worker per core"),
    "cache-dir": ("", "no cache"),
    "timeout": (0.0, "the default: 60 s plus 0.2 s per second of audio"),
}


def _line(key: str, value: Any) -> str:
    line = f"{_key(key)} = {_value(value)}"
    unset, means = UNSET_MEANS.get(key, (None, ""))
    return f"{line}  # {means}" if value == unset and type(value) is type(unset) else line


def to_toml(settings: dict[str, Any]) -> str:
    """``settings`` (from :func:`resolved`) as TOML: top-level keys, then one table each."""
    lines = [_line(k, v) for k, v in settings.items() if not isinstance(v, dict)]
    for name, table in settings.items():
        if not isinstance(table, dict):
            continue
        nested = all(isinstance(v, dict) for v in table.values()) and table
        for sub, inner in table.items() if nested else [(None, table)]:
            lines.append("")
            lines.append(f"[{name}.{_key(sub)}]" if sub is not None else f"[{name}]")
            lines.extend(f"{_key(k)} = {_value(v)}" for k, v in inner.items())
    return "\n".join(lines) + "\n"


def show(config: Config, source: Path | None, paths, fmt: str, stream: TextIO) -> None:
    """Write the resolved settings to ``stream``: JSON for ``--format json``, else TOML."""
    settings = resolved(config, source, paths, fmt)
    if fmt == "json":
        stream.write(json.dumps(settings, indent=2) + "\n")
        return
    where = settings["settings-file"] or "none found (defaults)"
    stream.write(f"# Resolved settings for: {', '.join(settings['paths'])}\n")
    stream.write(f"# Settings file: {where}\n")
    stream.write(to_toml(settings))
