"""The ``kg`` command line: a thin layer over the Python API.

Each command lives in a module of ``kg.commands`` and only parses arguments, calls one
API function and turns ``KgError`` into a one-line message. Heavy libraries (rdflib,
jieba, pyvis) are imported inside the commands, never at import time, so ``kg --help``
stays fast.
"""

from __future__ import annotations

import importlib
import logging
import sys
import traceback

import click

# command name -> module in kg.commands that defines a click command of that name
COMMANDS = {
    "build": "kg.commands.build",
    "query": "kg.commands.query",
    "viz": "kg.commands.viz",
    "validate": "kg.commands.validate",
    "stats": "kg.commands.stats",
    "export": "kg.commands.export",
    "eval": "kg.commands.eval",
}


class LazyGroup(click.Group):
    """Import a command's module only when that command runs (or its help is shown)."""

    def list_commands(self, ctx):
        return sorted(n for n, m in COMMANDS.items() if importlib.util.find_spec(m))

    def get_command(self, ctx, name):
        module = COMMANDS.get(name)
        if module is None or importlib.util.find_spec(module) is None:
            return None
        return importlib.import_module(module).command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newskg")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def cli(ctx, debug):
    """newskg: turn Chinese-language news articles into a knowledge graph.

    \b
    Examples:
      kg build seeds/000_74332eaaa2aa362a.txt -o exports/
      kg query exports/ --preset demands
      kg viz exports/ -o net.html --open
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    setup_logging(debug)


class _StderrHandler(logging.Handler):
    """Library warnings as ``warning: <message>`` lines on the current stderr; a logged
    traceback is shown only with --debug, so a warning never looks like a crash."""

    def __init__(self, debug: bool) -> None:
        super().__init__(logging.DEBUG if debug else logging.WARNING)
        self.debug = debug

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = f"{record.levelname.lower()}: {record.getMessage()}"
            if self.debug:
                line = f"{line} [{record.name}]"
                if record.exc_info:
                    line += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
            click.echo(line, err=True)
        except Exception:  # noqa: BLE001 - logging must never break the command
            self.handleError(record)


def setup_logging(debug: bool = False) -> None:
    """Route log records to stderr: warnings always, newskg's debug records with --debug."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if isinstance(h, _StderrHandler):
            root.removeHandler(h)
    root.addHandler(_StderrHandler(debug))
    logging.getLogger("kg").setLevel(logging.DEBUG if debug else logging.NOTSET)


def main(argv=None):
    """Console-script entry point."""
    return cli.main(args=argv, prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
