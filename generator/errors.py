"""Exceptions that the CLI turns into a clear message and an exit status.

Exit status 1 means the check found a problem in the content; 2 means the input or the
configuration could not be used at all (click's own usage errors also exit 2).
"""

import difflib

import click


class GeneratorError(click.ClickException):
    """Base class: a message for the user, no traceback."""

    exit_code = 2


class SourceError(GeneratorError):
    """A source file cannot be read: names the file, the line where known, and what is wrong."""

    def __init__(self, path, problem, line=None):
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class ConfigError(GeneratorError):
    """The project's configuration or content metadata is unusable."""


def did_you_mean(wrong: str, known) -> str:
    """"; did you mean 'cases-solved-2021'?" for a mistyped id or key, or nothing when none is close."""
    close = difflib.get_close_matches(str(wrong), sorted(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
