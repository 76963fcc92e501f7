"""Arrow-key menus for the interview (one choice, several, yes/no), in the interview's language.

Built on prompt_toolkit rather than questionary's menus, which speak English ("Use arrow keys",
"done (3 selections)", "(y/N)") and act on single keys: ``j``/``k`` move, ``a``/``i`` tick
everything, and a yes/no answers on its own letter. In a workshop people type ahead, so a line
meant for the next question must never answer this one. Here, typed letters only look for an
option (the first whose title, or alias such as ``t``/``taip``, starts with them); Enter takes the
option under the pointer when nothing was typed or the typed text names it, and otherwise refuses,
says why and clears the text. Space ticks (checkboxes) only while nothing is typed.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import FormattedTextControl, Layout, Window
from prompt_toolkit.styles import Style

STYLE = Style([
    ("qmark", "fg:#5f819d"), ("question", "bold"), ("answer", "fg:#FF9D00 bold"),
    ("hint", "fg:#808080"), ("pointer", "fg:#5f819d bold"), ("current", "bold"),
    ("typed", "underline"), ("refused", "fg:#d70000"),
])


@dataclass(frozen=True)
class MenuOption:
    """One entry: what it returns, its title, other words that choose it (``t``, ``yes``)."""

    value: Any
    title: str
    aliases: tuple[str, ...] = ()

    def matches(self, typed: str) -> bool:
        """Whether ``typed`` begins the title, a word in it (``ats`` → "Keisti: Atsakingi …") or an alias."""
        typed = typed.strip().casefold()
        return bool(typed) and (f" {typed}" in " " + " ".join(self.title.casefold().split())
                                or any(a.casefold().startswith(typed) for a in self.aliases))


@dataclass(frozen=True)
class MenuWords:
    """The sentences a menu shows, in the interview's language."""

    hint: str            # under the question: how to answer
    refused: str         # "{text}" typed that names no option
    typed: str           # "{text}" being typed
    none: str = "—"      # a checkbox answered with nothing ticked
    more_above: str = "↑ …"
    more_below: str = "↓ …"


@dataclass
class _State:
    pointer: int = 0
    ticked: list[Any] = field(default_factory=list)
    typed: str = ""
    before_typing: int = 0
    refused: str = ""
    answer: str | None = None


class Menu:
    """One menu on the terminal; :meth:`run` returns the chosen value (or values, ``multi``)."""

    def __init__(self, message: str, options: Sequence[MenuOption], words: MenuWords,
                 default: Any = None, multi: bool = False, ticked: Sequence[Any] = (),
                 input: Any = None, output: Any = None,
                 on_shown: Callable[[], None] | None = None):
        if not options:
            raise ValueError("a menu needs options")
        self.message, self.options, self.words, self.multi = message, list(options), words, multi
        self.state = _State(ticked=[o.value for o in options if o.value in ticked])
        self.state.pointer = next((i for i, o in enumerate(options) if o.value == default), 0)
        self.app: Application[Any] = Application(
            layout=Layout(Window(FormattedTextControl(self._tokens, show_cursor=False),
                                 wrap_lines=False, dont_extend_height=True)),
            key_bindings=self._bindings(), style=STYLE, input=input, output=output,
        )
        if on_shown is not None:
            self.app.after_render += lambda _app: on_shown()

    def run(self) -> Any:
        return self.app.run()

    # -- keys --------------------------------------------------------------------------------
    def _bindings(self) -> KeyBindings:
        keys = KeyBindings()
        st = self.state

        @keys.add(Keys.ControlC, eager=True)
        @keys.add(Keys.ControlQ, eager=True)
        def _interrupt(event: KeyPressEvent) -> None:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        @keys.add(Keys.Down, eager=True)
        @keys.add(Keys.ControlN, eager=True)
        @keys.add(Keys.Tab, eager=True)
        def _down(_event: KeyPressEvent) -> None:
            self._move(1)

        @keys.add(Keys.Up, eager=True)
        @keys.add(Keys.ControlP, eager=True)
        @keys.add(Keys.BackTab, eager=True)
        def _up(_event: KeyPressEvent) -> None:
            self._move(-1)

        @keys.add(Keys.Home, eager=True)
        @keys.add(Keys.PageUp, eager=True)
        def _first(_event: KeyPressEvent) -> None:
            self._move(-self.state.pointer)

        @keys.add(Keys.End, eager=True)
        @keys.add(Keys.PageDown, eager=True)
        def _last(_event: KeyPressEvent) -> None:
            self._move(len(self.options) - 1 - self.state.pointer)

        @keys.add(Keys.Backspace, eager=True)
        def _erase(_event: KeyPressEvent) -> None:
            st.typed = st.typed[:-1]
            self._find()

        @keys.add(Keys.Escape, eager=True)
        @keys.add(Keys.ControlU, eager=True)
        def _clear(_event: KeyPressEvent) -> None:
            st.typed, st.refused = "", ""

        @keys.add(" ", eager=True)
        def _space(event: KeyPressEvent) -> None:
            continues = any(o.matches(st.typed + " ") and _words_continue(o.title, st.typed)
                            for o in self.options)
            if self.multi and not st.typed:
                self._toggle()
            elif self.multi and self._pointed().matches(st.typed) and not continues:
                self._toggle()   # "tel" + space ticks "telefonu"; "web" + space goes on typing
                st.typed = ""
            else:
                self._type(" ")

        @keys.add(Keys.ControlM, eager=True)
        def _enter(event: KeyPressEvent) -> None:
            typed, option = st.typed.strip(), self._pointed()
            if typed and not option.matches(typed):
                st.refused, st.typed = self.words.refused.format(text=shorten(typed, 40)), ""
                st.pointer = st.before_typing        # a refused line moves nothing
                return
            if self.multi and typed:  # "tel" + Enter in a checkbox ticks "telefonu", no more
                self._toggle()
                st.typed = ""
                return
            st.typed = ""
            if self.multi:
                chosen = [o.value for o in self.options if o.value in st.ticked]
                titles = [o.title for o in self.options if o.value in st.ticked]
                st.answer = ", ".join(titles) or self.words.none
                event.app.exit(result=chosen)
            else:
                st.answer = option.title
                event.app.exit(result=option.value)

        @keys.add(Keys.Any)
        def _other(event: KeyPressEvent) -> None:
            text = event.data
            if text and text.isprintable():
                self._type(text)

        return keys

    def _pointed(self) -> MenuOption:
        return self.options[self.state.pointer]

    def _move(self, step: int) -> None:
        self.state.pointer = (self.state.pointer + step) % len(self.options)
        self.state.typed = self.state.refused = ""

    def _toggle(self) -> None:
        value = self._pointed().value
        ticked = self.state.ticked
        ticked.remove(value) if value in ticked else ticked.append(value)
        self.state.refused = ""

    def _type(self, text: str) -> None:
        if not self.state.typed:
            self.state.before_typing = self.state.pointer
        self.state.typed += text
        self.state.refused = ""
        self._find()

    def _find(self) -> None:
        """Move the pointer to the first option that the typed text names, if any."""
        typed = self.state.typed.strip().casefold()
        if not typed:
            return
        exact = [i for i, o in enumerate(self.options)
                 if typed in (w.casefold() for w in (o.title, *o.aliases))]
        if exact:
            self.state.pointer = exact[0]
        elif not self._pointed().matches(typed):
            found = next((i for i, o in enumerate(self.options) if o.matches(typed)), None)
            if found is not None:
                self.state.pointer = found

    # -- drawing -----------------------------------------------------------------------------
    def _tokens(self) -> StyleAndTextTuples:
        st, width, height = self.state, *_size()
        head: StyleAndTextTuples = [("class:qmark", "? "), ("class:question", self.message)]
        if st.answer is not None:
            return [*head, ("", " "), ("class:answer", shorten(st.answer, max(20, width - len(self.message) - 4)))]
        lines: list[StyleAndTextTuples] = [[("class:hint", "  " + part)] for part in _wrap(self.words.hint, width - 3)]
        body = [self._option_lines(i, o, width) for i, o in enumerate(self.options)]
        budget = max(5, height - 4 - len(lines) - (1 if st.typed or st.refused else 0))
        first, last = _window(body, st.pointer, budget)
        if first > 0:
            lines.append([("class:hint", "  " + self.words.more_above)])
        for block in body[first:last]:
            lines += block
        if last < len(body):
            lines.append([("class:hint", "  " + self.words.more_below)])
        if st.refused:
            lines += [[("class:refused", "  " + part)] for part in _wrap(st.refused, width - 3)]
        elif st.typed:
            lines.append([("class:hint", "  "), ("class:typed", self.words.typed.format(text=st.typed))])
        tokens: StyleAndTextTuples = [*head, ("", "\n")]
        for line in lines:
            tokens += [*line, ("", "\n")]
        return tokens[:-1]

    def _option_lines(self, i: int, option: MenuOption, width: int) -> list[StyleAndTextTuples]:
        current = i == self.state.pointer
        mark = ("◉ " if option.value in self.state.ticked else "○ ") if self.multi else ""
        lead = ("» " if current else "  ") + mark
        style = "class:current" if current else ""
        wrapped = _wrap(option.title, width - len(lead) - 3)
        lines = [[("", " "), ("class:pointer" if current else "", lead), (style, wrapped[0])]]
        lines += [[("", " " + " " * len(lead)), (style, rest)] for rest in wrapped[1:]]
        return lines  # type: ignore[return-value]


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken between words, never inside one."""
    return textwrap.wrap(text, max(20, width), break_long_words=False, break_on_hyphens=False) or [""]


def _words_continue(title: str, typed: str) -> bool:
    """Whether ``typed`` and a space begin words of ``title`` ("web " in "web chat")."""
    words = " " + " ".join(title.casefold().split()) + " "
    return f" {typed.strip().casefold()} " in words and not words.endswith(f" {typed.strip().casefold()} ")


def _size() -> tuple[int, int]:
    try:
        size = get_app().output.get_size()
        return size.columns, size.rows
    except Exception:  # noqa: BLE001 - no output to ask (tests with a dummy output)
        return 80, 24


def _window(blocks: list[list[StyleAndTextTuples]], pointer: int, budget: int) -> tuple[int, int]:
    """The options to draw (first, last) so that the pointer shows within ``budget`` lines."""
    if sum(len(b) for b in blocks) <= budget:
        return 0, len(blocks)
    budget -= 2  # the "more" markers
    first = last = pointer
    used = len(blocks[pointer])
    while True:
        grew = False
        if last + 1 < len(blocks) and used + len(blocks[last + 1]) <= budget:
            last += 1
            used += len(blocks[last])
            grew = True
        if first > 0 and used + len(blocks[first - 1]) <= budget:
            first -= 1
            used += len(blocks[first])
            grew = True
        if not grew:
            return first, last + 1


def shorten(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` characters, cut at a word boundary with "…"."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(",;:–- ") + "…"

