"""Load ``glossary.yaml`` and look terms up by name or alias, forgiving case, spaces and typos.

The YAML ships inside the wheel as ``audiolint/glossary.yaml``; in a source checkout it lives at
the repository root, and this module finds it there too.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The package's own folder (what importlib.resources.files('audiolint') is for a package on
# disk), without importing importlib.resources: about 14 ms of a run with a finding.
PACKAGE = Path(__file__).parent


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    name: str
    definition: str
    summary: str = ""
    aliases: tuple[str, ...] = ()
    category: str = ""
    why: str = ""
    source: str = ""
    related: tuple[str, ...] = ()


_SEPARATORS = re.compile(r"[\s_\-]+")


def normalise(text: str) -> str:
    """Fold case; treat spaces, hyphens and underscores alike ("Sample-Rate" -> "sample rate")."""
    return _SEPARATORS.sub(" ", text.strip().lower())


class Glossary:
    """All terms, with an index of every spelling that should find each one."""

    def __init__(self, terms: list[Term], source: str = ""):
        self.terms = {t.name: t for t in terms}
        self.source = source
        self._index: dict[str, Term] = {}
        for term in terms:
            for key in map(normalise, (term.name, *term.aliases)):
                self._index.setdefault(key, term)
                self._index.setdefault(key.replace(" ", ""), term)

    def __contains__(self, name: str) -> bool:
        return name in self.terms

    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def lookup(self, text: str) -> Term | None:
        """The term named or aliased ``text`` (case-insensitive), or ``None``."""
        key = normalise(text)
        return self._index.get(key) or self._index.get(key.replace(" ", ""))

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Names of terms whose name or alias is close to ``text``, best first."""
        import difflib  # only for a term not found: not at every start-up

        close = difflib.get_close_matches(normalise(text), list(self._index), n=n * 3, cutoff=0.6)
        names: list[str] = []
        for key in close:
            name = self._index[key].name
            if name not in names:
                names.append(name)
        return names[:n]


def glossary_path() -> Path:
    """Where the glossary is: inside the installed package, else at the source checkout's root."""
    packaged = PACKAGE / "glossary.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "glossary.yaml"


def _as_tuple(value) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def parse(data: dict) -> Glossary:
    """Build a :class:`Glossary` from the parsed YAML document."""
    terms = [
        Term(
            name=str(e["name"]),
            definition=" ".join(str(e.get("definition", "")).split()),
            summary=str(e.get("summary", "")).strip(),
            aliases=_as_tuple(e.get("aliases")),
            category=str(e.get("category", "")),
            why=" ".join(str(e.get("why", "")).split()),
            source=str(e.get("source", "")),
            related=_as_tuple(e.get("related")),
        )
        for e in data.get("terms", [])
    ]
    return Glossary(terms, str(data.get("source", "")))


def compiled_path() -> Path:
    """``glossary.json``, the glossary as JSON (``scripts/glossary_json.py``), in the package."""
    return PACKAGE / "glossary.json"


def stamp(raw: bytes) -> str:
    """What identifies one version of ``glossary.yaml``: its CRC-32 and length."""
    return f"crc32 {zlib.crc32(raw):08x}, {len(raw)} bytes"


def yaml_data(raw: bytes) -> dict:
    """``glossary.yaml``'s bytes parsed by PyYAML."""
    import yaml  # here, not at import: a run that reports no finding never reads the glossary

    # libyaml's loader (in PyYAML's wheels) parses the glossary ~10x faster than pure Python.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw.decode("utf-8"), Loader=loader)


def _compiled(want: str) -> dict | None:
    """The data of ``glossary.json`` when it was made from the YAML stamped ``want``, else None.

    JSON loads in about 5 ms where PyYAML's import and parse take about 50 ms, paid by every run
    that reports a finding (a one-file check in pre-commit among them: issue 14). A JSON out of
    step with the YAML (edited, not regenerated) is ignored: the YAML is read as before."""
    try:
        doc = json.loads(compiled_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc.get("data") if isinstance(doc, dict) and doc.get("stamp") == want else None


@lru_cache(maxsize=1)
def load() -> Glossary:
    """The project glossary (loaded once per process)."""
    raw = glossary_path().read_bytes()
    data = _compiled(stamp(raw))
    return parse(data if data is not None else yaml_data(raw))
