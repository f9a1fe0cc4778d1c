"""Errors a user can cause. The CLI prints their message and exits with their exit code; bugs still raise."""


class VersusError(Exception):
    """A problem the user can fix: the message names the file, the field and the fix."""

    exit_code = 2


class FactsError(VersusError):
    """One or more problems in the facts directory, reported together so one run shows them all."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))
