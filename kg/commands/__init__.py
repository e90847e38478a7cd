"""One module per CLI command; each defines ``command`` (a click.Command).

Shared helpers for the commands live here: ``run`` turns the project's errors into a
one-line message on stderr and the documented exit status.
"""

from __future__ import annotations

import click

from kg.errors import KgError


def fail(message: str, code: int = 1) -> None:
    """Print one line on stderr and exit with ``code``."""
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(code)


def run(func, *args, **kwargs):
    """Call an API function; KgError becomes one line on stderr (traceback with --debug)."""
    ctx = click.get_current_context(silent=True)
    debug = bool(ctx and ctx.find_root().obj and ctx.find_root().obj.get("debug"))
    try:
        return func(*args, **kwargs)
    except KgError as e:
        if debug:
            raise
        fail(str(e), e.exit_code)
