"""The terminal end of the interview: the only module that uses questionary.

The interview talks to an :class:`Asker`; :class:`TerminalAsker` is the real one. Tests pass a
:class:`TerminalAsker` wired to prompt_toolkit's pipe input (the real prompts, keystrokes fed in) or
any object with the same methods. Every prompt uses questionary's ``unsafe_ask``: the safe variant
swallows Ctrl-C and returns None, which would look like an empty answer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TextIO


@dataclass(frozen=True)
class Option:
    """One entry of a select or checkbox list."""

    value: Any
    title: str


class Asker(Protocol):
    """What the interview needs from a terminal. Ctrl-C raises KeyboardInterrupt from any method."""

    def text(self, message: str, default: str = "") -> str: ...

    def select(self, message: str, options: list[Option], default: Any = None) -> Any: ...

    def checkbox(self, message: str, options: list[Option], checked: list[Any]) -> list[Any]: ...

    def confirm(self, message: str, default: bool) -> bool: ...

    def say(self, text: str, kind: str = "info") -> None:
        """Show a line; ``kind`` is info, progress, help, error or done."""


_STYLES = {"progress": "\033[1;36m", "help": "\033[2m", "error": "\033[1;31m", "done": "\033[32m"}


class TerminalAsker:
    """Asks with questionary prompts.

    Args:
        input: a prompt_toolkit input (default: the terminal).
        output: a prompt_toolkit output (default: the terminal).
        stream: where :meth:`say` writes (default: standard output).
        on_shown: called each time a question has been drawn on screen (the interview uses it to
            load the profile models while the user reads the first question).
    """

    def __init__(self, input: Any = None, output: Any = None, stream: TextIO | None = None,
                 on_shown: Callable[[], None] | None = None):
        self._on_shown = on_shown

        self._io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        self._stream = stream or sys.stdout
        self._color = self._stream.isatty() if hasattr(self._stream, "isatty") else False

    def text(self, message: str, default: str = "") -> str:
        import questionary

        return self._ask(questionary.text(message, default=default, **self._io))

    def select(self, message: str, options: list[Option], default: Any = None) -> Any:
        import questionary

        choices = [questionary.Choice(o.title, value=o.value) for o in options]
        chosen = next((c for c in choices if c.value == default), None)
        return self._ask(questionary.select(message, choices=choices, default=chosen, **self._io))

    def checkbox(self, message: str, options: list[Option], checked: list[Any]) -> list[Any]:
        import questionary

        choices = [questionary.Choice(o.title, value=o.value, checked=o.value in checked) for o in options]
        return self._ask(questionary.checkbox(message, choices=choices, **self._io))

    def confirm(self, message: str, default: bool) -> bool:
        import questionary

        return self._ask(questionary.confirm(message, default=default, **self._io))

    def _ask(self, question: Any) -> Any:
        if self._on_shown is not None:
            on_shown = self._on_shown
            question.application.after_render += lambda _app: on_shown()
        return question.unsafe_ask()

    def say(self, text: str, kind: str = "info") -> None:
        style = _STYLES.get(kind) if self._color else None
        print(f"{style}{text}\033[0m" if style else text, file=self._stream, flush=True)
