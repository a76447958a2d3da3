"""Errors that the CLI turns into one-line messages."""


class RedlineError(Exception):
    """Base class: the message is one line, fit to show a user."""


class InputError(RedlineError):
    """An input could not be read as an article; the message names the input."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
