"""The project's own error types. The CLI turns each into one line on stderr."""


class KgError(Exception):
    """Base of every error newskg raises on purpose."""

    exit_code = 1


class InputError(KgError):
    """An input file cannot be read or understood. The message names the file."""


class OutputError(KgError):
    """An output cannot be written. The message names the path."""


class QueryError(KgError):
    """A SPARQL query is malformed or not allowed."""

    exit_code = 2


class UsageError(KgError):
    exit_code = 2
