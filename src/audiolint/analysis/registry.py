"""The analysers every full check runs, listed explicitly, and where their results go.

Results named in ``SIGNAL`` are merged into the file's ``"signal"`` record; ``"fidelity"`` goes to
its ``"fidelity"`` record. Adding a measurement means adding a factory here, never a second
decode. Results not routed anywhere (``"fingerprint"``) are for rules only.

Each analyser is named by where it lives (``"module:attribute"``) and its module is imported
only when its factory is first asked for: choosing the analysers a run needs (their names), or
a run served from the cache, loads none of them, nor numpy (issue 14).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from audiolint.analysis import Factory


def _resolve(where: str):
    module, _, attribute = where.partition(":")
    return getattr(importlib.import_module(f"audiolint.analysis.{module}"), attribute)


class Factories(MutableMapping):
    """Analyser name -> factory; an entry given as ``"module:attribute"`` is imported the first
    time it is read. Iterating the names imports nothing."""

    def __init__(self, entries: dict[str, str]):
        self._entries: dict[str, Factory | str] = dict(entries)

    def __getitem__(self, name: str) -> Factory:
        entry = self._entries[name]
        if isinstance(entry, str):
            entry = self._entries[name] = _resolve(entry)
        return entry

    def __setitem__(self, name: str, factory: Factory) -> None:
        self._entries[name] = factory

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


FACTORIES = Factories(
    {
        "levels": "levels:Levels",
        "clipping": "clipping:Clipping",
        "silence": "silence:Silence",
        "loudness": "loudness:Loudness",
        "stereo": "stereo:Stereo",
        "voice": "voice:Voice",
        "reverb": "reverb:Reverb",
        "harmony": "harmony:Harmony",
        "fidelity": "fidelity:factory",
        "fingerprint": "fingerprint:factory",  # for D003 duplicate; not in the JSON
    }
)
SIGNAL: tuple[str, ...] = (
    "levels", "clipping", "silence", "loudness", "stereo", "voice", "reverb", "harmony"
)  # fmt: skip
FIDELITY = "fidelity"
# What a rule lists in ANALYSERS to have the file decoded with no measurement (decode errors).
DECODE = "decode"

# What an analyser loads only when it first runs (so that ``audiolint --version`` starts
# without it); a run that forks workers loads it once, in the parent, beforehand.
PRELOAD: dict[str, str] = {
    "loudness": "loudness:sosfilt_kernel",
    "harmony": "loudness:sosfilt_kernel",
    "voice": "comb:pocketfft",
    "fingerprint": "comb:pocketfft",
    "fidelity": "mdct:dct4_kernel",
}


def factories(names) -> dict[str, Factory]:
    """The factories of the analysers ``names`` (in the registry's order), importing their
    modules and only theirs."""
    return {name: FACTORIES[name] for name in FACTORIES if name in names}


def preload(names) -> None:
    """Load the analysers ``names`` and what they will need, so that forked workers inherit
    them instead of each paying for them on its first file."""
    factories(names)
    for name in names:
        if name in PRELOAD:
            load: Callable[[], object] = _resolve(PRELOAD[name])
            load()
