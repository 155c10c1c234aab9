"""How the command line ends on errors: one line and exit 2, or a traceback with ``--debug``.

audiolint's own errors (bad configuration, baseline) and anything unexpected become a single
line on standard error; ``--debug`` sends the tracebacks of internal errors, including those
caught in worker processes, to standard error instead.
"""

from __future__ import annotations

import errno
import sys

import click

from audiolint.errors import AudiolintError

DEBUG = "audiolint.debug"


def _enable_debug(ctx, _param, value: bool) -> None:
    """Send audiolint's debug log (tracebacks of internal errors) to standard error, for this
    invocation only, and let internal errors end with their traceback."""
    if not value or ctx.meta.get(DEBUG):
        return
    ctx.meta[DEBUG] = True
    import logging  # here: a run without --debug never loads it

    logger = logging.getLogger("audiolint")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("audiolint: debug: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def undo() -> None:
        logger.removeHandler(handler)
        logger.setLevel(level)

    ctx.find_root().call_on_close(undo)


debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_enable_debug,
    help="Show tracebacks of internal errors on standard error.",
)


class Fatal(click.ClickException):
    """One line on stderr, exit 2: how every audiolint error (bad config, baseline) ends."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"audiolint: {self.message}", err=True)


class AudiolintGroup(click.Group):
    """A click group whose errors end as one line (exit 2) unless --debug is on."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AudiolintError as exc:
            raise Fatal(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OSError as exc:
            if exc.errno == errno.EPIPE or ctx.meta.get(DEBUG):
                raise  # click ends a broken pipe quietly
            raise Fatal(internal_message(exc)) from None
        except Exception as exc:
            if ctx.meta.get(DEBUG):
                raise
            raise Fatal(internal_message(exc)) from None


def internal_message(exc: Exception) -> str:
    """The one-line message for an unexpected error."""
    return (
        f"internal error: {type(exc).__name__}: {exc} "
        "(run again with --debug for the traceback, and please report it)"
    )
