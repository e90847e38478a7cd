"""One module per CLI command; each defines ``command`` (a click.Command).

Shared helpers for the commands live here: ``run`` turns the project's errors into a
one-line message on stderr and the documented exit status; ``sigterm_as_interrupt`` makes
SIGTERM unwind like Ctrl-C so ``finally`` blocks (temp-file clean-up) run on both.

Exit status: 0 success, 1 a problem with the inputs, outputs or the run, 2 a usage error
(click's own, or :class:`kg.errors.UsageError`/``QueryError``), 130 interrupted by Ctrl-C,
143 stopped by SIGTERM.
"""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import Iterator

import click

from kg.errors import KgError

log = logging.getLogger(__name__)

#: Exit status after Ctrl-C (128 + SIGINT), the shell convention.
EXIT_SIGINT = 130
#: Exit status after SIGTERM (128 + SIGTERM).
EXIT_SIGTERM = 143


class Terminated(KeyboardInterrupt):
    """Raised in the main thread when SIGTERM arrives (a KeyboardInterrupt, so the same
    clean-up runs as for Ctrl-C)."""


def debug_enabled() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().obj and ctx.find_root().obj.get("debug"))


def fail(message: str, code: int = 1) -> None:
    """Print one line on stderr and exit with ``code``."""
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(code)


def run(func, *args, **kwargs):
    """Call an API function; an error becomes one line on stderr (traceback with --debug).

    KgError carries its own message and exit status. Any other exception is a bug, but the
    user still gets one line (its type and message) rather than a traceback, and exit 1.
    """
    try:
        return func(*args, **kwargs)
    except KgError as e:
        if debug_enabled():
            raise
        fail(str(e), e.exit_code)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as e:  # see the docstring
        if debug_enabled():
            raise
        text = " ".join(str(e).split())[:200]
        fail(
            f"unexpected {type(e).__name__}{': ' + text if text else ''}; "
            f"run again with kg --debug for the traceback and please report it",
            1,
        )


def interrupt_status(exc: KeyboardInterrupt) -> int:
    """The exit status for an interrupt: 143 for SIGTERM, 130 for Ctrl-C."""
    return EXIT_SIGTERM if isinstance(exc, Terminated) else EXIT_SIGINT


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While active, SIGTERM raises :class:`Terminated` (a KeyboardInterrupt) in the main
    thread. Outside the main thread (signal handlers cannot be set there) it does nothing."""

    def handler(signum, frame):
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
