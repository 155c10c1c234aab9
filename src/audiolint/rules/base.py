"""What a rule sees and what it yields.

A rule is a module with constants (``ID``, ``NAME``, ``TERM``, ``SEVERITY``, ``DEFAULT``,
``SCOPE``, ``REQUIRES``, ``ANALYSERS``), a docstring, and a ``check(ctx, options)`` generator of
:class:`Problem`. ``ANALYSERS`` names the analysers (keys of
:data:`audiolint.analysis.registry.FACTORIES`, or ``"decode"`` for a decode that measures
nothing) whose results the rule reads: the pipeline runs only those the selected rules name
(``()``: headers only; a rule without the constant gets every analyser). A rule that leaves
some files to other rules names them in ``DEFERS_TO``; its options then hold, under ``"_<ID>"``,
each one's options when it runs on the file this run, else ``None``
(:func:`audiolint.engine.deferred`). The engine, not the rule, turns problems into findings and
settles severity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audiolint.context import DatasetContext, FileContext

__all__ = ["DatasetContext", "FileContext", "Problem"]  # the contexts live in audiolint.context


@dataclass(frozen=True)
class Problem:
    """A rule's raw result. ``severity`` picks a graded level (e.g. error below a harder limit);
    ``None`` means the rule's default."""

    message: str
    severity: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
