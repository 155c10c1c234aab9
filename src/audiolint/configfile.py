"""Read settings from ``audiolint.toml`` or ``[tool.audiolint]`` in ``pyproject.toml``.

Discovery walks up from the first checked path; in each folder ``audiolint.toml`` wins over
``pyproject.toml``, and a ``pyproject.toml`` without a ``[tool.audiolint]`` table is passed
over. The first file found wins (files are not merged). ``--config FILE`` skips the search.
Keys may be spelt with ``-`` or ``_``. Every key and value is checked here: a mistake is a
:class:`ConfigError` naming the file and the key, never a silent default.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from audiolint import rules
from audiolint.config import FAIL_ON, Config
from audiolint.errors import ConfigError
from audiolint.models import SEVERITIES
from audiolint.settling import check_selectors, complete, fold, settle  # noqa: F401 - moved

NAMES = ("audiolint.toml", "pyproject.toml")
RATE_RANGE = (8000, 384000)
KNOWN = ("select", "extend-select", "ignore", "extend-ignore", "exclude", "per-path-ignores",
         "target-rate", "fail-on", "respect-gitignore", "rules")  # fmt: skip


def find(start: str | Path) -> Path | None:
    """The configuration file that applies to ``start`` (a file or folder), or ``None``."""
    here = Path(start).absolute()
    if not _is(here, Path.is_dir):
        here = here.parent
    for folder in (here, *here.parents):
        for name in NAMES:
            candidate = folder / name
            if _is(candidate, Path.is_file) and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def _is(path: Path, test) -> bool:
    """``test(path)``, False when the path cannot even be looked at (a name over 255 bytes,
    a folder that cannot be searched)."""
    try:
        return test(path)
    except (OSError, ValueError):
        return False


def _has_table(pyproject: Path) -> bool:
    """True when ``pyproject`` has a ``[tool.audiolint]`` table, or mentions one but cannot be
    read or parsed (then :func:`load` names the problem). Someone else's broken or non-UTF-8
    ``pyproject.toml`` higher up is not ours to judge: it is passed over. One that never
    spells "audiolint" is passed over unparsed (a one-file check in someone's project)."""
    try:
        if b"audiolint" not in pyproject.read_bytes():
            return False
    except OSError:
        return False
    try:
        return "audiolint" in _read(pyproject).get("tool", {})
    except ConfigError:
        try:
            return b"tool.audiolint" in pyproject.read_bytes().replace(b" ", b"")
        except OSError:
            return False


def _read(path: Path) -> dict:
    if sys.version_info >= (3, 11):  # loaded here: a run that finds no file never needs it
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8 ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def load(path: str | Path) -> dict[str, Any]:
    """The :class:`Config` fields a file sets (only those it sets), validated."""
    path = Path(path)
    doc = _read(path)
    if path.name == "pyproject.toml":
        table = doc.get("tool", {}).get("audiolint")
        if table is None:
            raise ConfigError(f"{path}: has no [tool.audiolint] table")
        prefix = "tool.audiolint."
    else:
        table, prefix = doc, ""
    return parse(table, str(path), prefix)


def _err(where: str, key: str, problem: str) -> ConfigError:
    return ConfigError(f"{where}: {key}: {problem}")


def _norm(key: str) -> str:
    return key.replace("_", "-")


def _str_list(value, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(where, key, "expected a list of strings")
    return tuple(value)


def _selectors(value, where: str, key: str) -> tuple[str, ...]:
    return check_selectors(_str_list(value, where, key), f"{where}: {key}")


def _rule(name: str, where: str, key: str):
    rule = rules.get(name)
    if rule is None:
        raise _err(where, key, f"no rule called {name!r} (see 'audiolint rules')")
    return rule


def _severity(value, where: str, key: str) -> str:
    if value not in SEVERITIES:
        raise _err(where, key, f"expected one of {', '.join(SEVERITIES)}, got {value!r}")
    return value


def _type_ok(default, value) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False  # TOML true is not the number 1
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, int):
        return isinstance(value, int)
    if isinstance(default, (list, tuple)):
        return isinstance(value, list)
    return default is None or isinstance(value, type(default))


def _option(rule, name: str, value, where: str, key: str):
    """Check one per-rule option against the type of the rule's default."""
    wanted = {k.replace("_", "-"): k for k in rule.DEFAULT}
    real = wanted.get(_norm(name))
    if real is None:
        known = ", ".join(rule.DEFAULT) or "none"
        raise _err(where, key, f"{rule.ID} has no option {name!r} (options: {known})")
    default = rule.DEFAULT[real]
    ok = _type_ok(default, value)
    if not ok:
        raise _err(where, key, f"expected {type(default).__name__}, got {value!r}")
    if isinstance(default, float):
        value = float(value)
    elif isinstance(default, tuple):
        value = tuple(value)
    return real, value


def _rule_tables(value, where: str, prefix: str) -> tuple[dict, dict]:
    """``[rules.Q002]`` tables -> (options by rule ID, severity by rule ID)."""
    if not isinstance(value, dict):
        raise _err(where, f"{prefix}rules", "expected a table of rule tables")
    options: dict[str, dict] = {}
    severity: dict[str, str] = {}
    for name, table in value.items():
        key = f"{prefix}rules.{name}"
        rule = _rule(name, where, key)
        if not isinstance(table, dict):
            raise _err(where, key, "expected a table of options")
        for opt, v in table.items():
            if _norm(opt) == "severity":
                severity[rule.ID] = _severity(v, where, f"{key}.{opt}")
                continue
            real, v = _option(rule, opt, v, where, f"{key}.{opt}")
            options.setdefault(rule.ID, {})[real] = v
    return options, severity


def parse(table: dict, where: str = "configuration", prefix: str = "") -> dict[str, Any]:
    """Validate a settings table (already read from TOML) into :class:`Config` fields."""
    out: dict[str, Any] = {}
    for raw_key, value in table.items():
        key, shown = _norm(raw_key), prefix + raw_key
        if key in ("select", "extend-select", "ignore", "extend-ignore"):
            # extend-ignore is ignore (as in ruff, where it is deprecated for that reason)
            field = {"extend-ignore": "ignore"}.get(key, key).replace("-", "_")
            out[field] = out.get(field, ()) + _selectors(value, where, shown)
        elif key == "respect-gitignore":
            if not isinstance(value, bool):
                raise _err(where, shown, f"expected true or false, got {value!r}")
            out["respect_gitignore"] = value
        elif key == "exclude":
            out["exclude"] = _str_list(value, where, shown)
        elif key in ("per-path-ignores", "per-file-ignores"):
            if not isinstance(value, dict):
                raise _err(where, shown, "expected a table of glob = [rules]")
            out["per_path_ignores"] = {
                glob: _selectors(sel, where, f"{shown}.{glob}") for glob, sel in value.items()
            }
        elif key == "target-rate":
            if isinstance(value, bool) or not isinstance(value, int):
                raise _err(where, shown, f"expected a whole number of Hz, got {value!r}")
            if not RATE_RANGE[0] <= value <= RATE_RANGE[1]:
                raise _err(where, shown, f"{value} is outside {RATE_RANGE[0]}-{RATE_RANGE[1]} Hz")
            out["target_rate"] = value
        elif key == "fail-on":
            if value not in FAIL_ON:
                raise _err(where, shown, f"expected one of {', '.join(FAIL_ON)}, got {value!r}")
            out["fail_on"] = value
        elif key == "rules":
            out["rule_options"], out["severity"] = _rule_tables(value, where, prefix)
        else:
            raise _err(where, shown, "unknown key (known: " + ", ".join(KNOWN) + ")")
    return out


def resolve(
    paths,
    config_file: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    layer: dict[str, tuple[str, ...]] | None = None,
) -> tuple[Config, Path | None]:
    """The run's :class:`Config`: defaults, then the config file, then ``overrides`` (flags)
    and the command line's ``layer`` of selectors (see :func:`settle`).

    Returns the config and the file it came from (``None`` when no file applies).
    """
    if config_file is not None:
        source: Path | None = Path(config_file)
        if not source.is_file():
            raise ConfigError(f"--config: no such file: {config_file}")
    else:
        source = find(paths[0]) if paths else None
    return settle(load(source) if source else {}, overrides, layer), source
