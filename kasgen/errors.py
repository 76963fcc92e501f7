"""Errors raised by kasgen.

Hierarchy::

    KasgenError                 root; never shown with a traceback by the CLI
    └── UserError               the user can fix it; exit code 2
        ├── AnswersError        the answers file is unreadable or invalid (one line per problem)
        ├── ClauseError         a clause in the library or a custom folder is malformed or fails to render
        ├── TemplateError       a Word template lacks what kasgen needs
        ├── OutputError         the output cannot be written (read-only, edited since, disk full)
        └── DocumentError       a document to read (an existing standard to audit) is missing,
                                unreadable, empty, too large or has no text

Library code raises these and never prints or exits; :mod:`kasgen.cli` is the one place that turns
them into messages and exit codes.
"""

from __future__ import annotations


class KasgenError(Exception):
    """Root of every error kasgen raises on purpose."""

    exit_code = 1


class UserError(KasgenError):
    """A problem the user can fix; the message is meant for them."""

    exit_code = 2


class AnswersError(UserError):
    """The answers file cannot be read or does not validate.

    Attributes:
        problems: one human-readable line per problem, each starting with the field path.
    """

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s)\n{lines}")


class ClauseError(UserError):
    """A clause is malformed or its template fails to render."""


class TemplateError(UserError):
    """A Word template (shell) lacks styles or parts kasgen needs."""


class OutputError(UserError):
    """The output file cannot be written safely."""


class DocumentError(UserError):
    """A document given to kasgen to read cannot be used (missing, not a document, no text)."""


def describe_internal_error(exc: BaseException) -> str:
    """One line for an unexpected exception: its kind and a short message (no traceback)."""
    detail = " ".join(str(exc).split())[:200]
    return f"internal error: {type(exc).__name__}{': ' + detail if detail else ''}"
