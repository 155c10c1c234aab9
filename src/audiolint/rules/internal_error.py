"""Internal error: audiolint itself failed while checking this file; the file may be fine.

The run goes on with the other files. Re-run with --debug to see the traceback, and report it.
"""

from __future__ import annotations

import logging

from audiolint.rules.base import FileContext, Problem

log = logging.getLogger("audiolint")

ID = "F005"
NAME = "internal-error"
TERM = "Internal error"
SEVERITY = "error"
SCOPE = "file"
REQUIRES = "probe"
DEFAULT: dict = {}


def check(ctx: FileContext, options: dict):
    """Yield one problem for each unexpected exception met while probing or analysing."""
    for problem in ctx.probe.problems:
        if problem.kind == "internal":
            yield Problem(problem.message)
    for message in ctx.extras.get("internal_errors", ()):
        yield Problem(message)


def message(where: str, exc: BaseException, display: str) -> str:
    """Log the traceback (``--debug`` shows it) and return the plain message for a finding."""
    log.debug("internal error while %s on %s", where, display, exc_info=exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    what = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return f"internal error while {where}: {what}; please report it"
