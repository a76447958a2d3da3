"""Errors that the CLI turns into one-line messages."""
from .limits import MAX_SHOWN_CHARS


class RedlineError(Exception):
    """Base class: the message is one line, fit to show a user."""


class InputError(RedlineError):
    """An input could not be read as an article; the message names the input."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{_shown(str(source))}: {problem}")
        self.source = source
        self.problem = problem


def _shown(name: str) -> str:
    """A name as a message shows it: a batch line can name a 40 MB "path", and its error is one line."""
    if len(name) <= MAX_SHOWN_CHARS:
        return name
    return f"{name[:MAX_SHOWN_CHARS]}… ({len(name) - MAX_SHOWN_CHARS:,} more characters)"
