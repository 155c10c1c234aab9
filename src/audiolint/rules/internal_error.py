"""Internal error: audiolint itself failed while checking this file; the file may be fine.

The run goes on with the other files. Re-run with --debug to see the traceback, and report it.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "F005"
NAME = "internal-error"
TERM = "Internal error"
SEVERITY = "error"
SCOPE = "file"
REQUIRES = "probe"
ANALYSERS = ()
DEFAULT: dict = {}


def check(ctx: FileContext, options: dict):
    """Yield one problem for each unexpected exception met while probing or analysing."""
    for problem in ctx.probe.problems:
        if problem.kind == "internal":
            yield Problem(problem.message)
    for message in ctx.internal_errors:
        yield Problem(message)


def message(where: str, exc: BaseException) -> str:
    """The plain message for a finding about ``exc``, met while doing ``where``."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    what = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return f"internal error while {where}: {what}; please report it"


def trace(exc: BaseException) -> str:
    """The traceback of ``exc`` as text (kept on the file's context for ``--debug``)."""
    import traceback  # here, like logging below: only a run that meets an error loads them

    return "".join(traceback.format_exception(exc))


def log():
    """audiolint's logger (``--debug`` sends it to standard error)."""
    import logging

    return logging.getLogger("audiolint")


def log_traces(contexts) -> None:
    """Log each context's kept traceback at debug level (``--debug`` prints them).

    Done by the parent process after the workers finish, so a worker's traceback reaches the
    same standard error as everything else."""
    for ctx in contexts:
        if ctx.traceback:
            log().debug("traceback for %s:\n%s", ctx.display, ctx.traceback.rstrip())
