"""The analysers every full check runs, listed explicitly, and where their results go.

Results named in ``SIGNAL`` are merged into the file's ``"signal"`` record; ``"fidelity"`` goes to
its ``"fidelity"`` record. Adding a measurement means adding a factory here, never a second
decode.
"""

from __future__ import annotations

from audiolint.analysis import Factory

FACTORIES: dict[str, Factory] = {}
SIGNAL: tuple[str, ...] = ()
FIDELITY = "fidelity"
