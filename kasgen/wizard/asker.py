"""The terminal end of the interview: the only module that draws prompts.

The interview talks to an :class:`Asker`; :class:`TerminalAsker` is the real one. Tests pass a
:class:`TerminalAsker` wired to prompt_toolkit's pipe input (the real prompts, keystrokes fed in) or
any object with the same methods. Text is asked with questionary (``unsafe_ask``: the safe variant
swallows Ctrl-C and returns None, which would look like an empty answer); menus and yes/no
questions with :mod:`kasgen.wizard.menu`, which speaks the interview's language and never lets a
line typed ahead answer a menu.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TextIO


@dataclass(frozen=True)
class Option:
    """One entry of a select or checkbox list."""

    value: Any
    title: str


class Asker(Protocol):
    """What the interview needs from a terminal. Ctrl-C raises KeyboardInterrupt from any method."""

    def localize(self, words: Mapping[str, str]) -> None:
        """Use these words for the prompts' own hints (keys as in :data:`WORDS`)."""

    def text(self, message: str, default: str = "") -> str: ...

    def select(self, message: str, options: list[Option], default: Any = None) -> Any: ...

    def checkbox(self, message: str, options: list[Option], checked: list[Any]) -> list[Any]: ...

    def confirm(self, message: str, default: bool) -> bool: ...

    def say(self, text: str, kind: str = "info") -> None:
        """Show a line; ``kind`` is info, progress, help, error or done."""


#: The prompts' own words, until :meth:`TerminalAsker.localize` gives the interview's.
WORDS = {
    "select_hint": "(↑↓ to move, Enter to choose)",
    "checkbox_hint": "(↑↓ to move, space to tick, Enter to confirm)",
    "confirm_hint": "(y – yes, n – no, then Enter)",
    "refused": "“{text}” is not one of the answers: choose with ↑↓ and press Enter.",
    "typed": "typed: {text}",
    "none": "none",
    "yes": "yes",
    "no": "no",
    "more_above": "↑ more",
    "more_below": "↓ more",
}

_STYLES = {"progress": "\033[1;36m", "help": "\033[2m", "error": "\033[1;31m", "done": "\033[32m"}


class TerminalAsker:
    """Asks on the terminal.

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
        self.words = dict(WORDS)

    def localize(self, words: Mapping[str, str]) -> None:
        self.words.update({k: v for k, v in words.items() if k in WORDS})

    def text(self, message: str, default: str = "") -> str:
        import questionary

        question = questionary.text(message, default=default, **self._io)
        if self._on_shown is not None:
            on_shown = self._on_shown
            question.application.after_render += lambda _app: on_shown()
        return question.unsafe_ask()

    def select(self, message: str, options: list[Option], default: Any = None) -> Any:
        from kasgen.wizard.menu import MenuOption

        return self._menu(message, [MenuOption(o.value, o.title) for o in options], "select_hint",
                          default=default)

    def checkbox(self, message: str, options: list[Option], checked: list[Any]) -> list[Any]:
        from kasgen.wizard.menu import MenuOption

        return self._menu(message, [MenuOption(o.value, o.title) for o in options], "checkbox_hint",
                          multi=True, ticked=checked)

    def confirm(self, message: str, default: bool) -> bool:
        from kasgen.wizard.menu import MenuOption

        w = self.words
        options = [MenuOption(True, w["yes"], (WORDS["yes"], "taip")),
                   MenuOption(False, w["no"], (WORDS["no"], "ne"))]
        return bool(self._menu(message, options, "confirm_hint", default=default))

    def _menu(self, message: str, options: list[Any], hint: str, **kwargs: Any) -> Any:
        from kasgen.wizard.menu import Menu, MenuWords

        w = self.words
        words = MenuWords(hint=w[hint], refused=w["refused"], typed=w["typed"], none=w["none"],
                          more_above=w["more_above"], more_below=w["more_below"])
        return Menu(message, options, words, on_shown=self._on_shown, **self._io, **kwargs).run()

    def say(self, text: str, kind: str = "info") -> None:
        if self._color:   # a terminal: wrap at words, not where the terminal would cut
            text = _wrap(text, shutil.get_terminal_size((100, 24)).columns - 1)
        style = _STYLES.get(kind) if self._color else None
        print(f"{style}{text}\033[0m" if style else text, file=self._stream, flush=True)


def _wrap(text: str, width: int) -> str:
    """Each line wrapped at ``width`` at word boundaries, continuing at the line's own indent."""
    out = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        out.append(textwrap.fill(line, max(30, width), subsequent_indent=indent, break_long_words=False,
                                 break_on_hyphens=False) if line.strip() else line)
    return "\n".join(out)
