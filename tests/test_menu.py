"""kasgen's own menus, driven with keystrokes: nothing answers on one key, typed text never leaks."""

from __future__ import annotations

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from kasgen.wizard.asker import Option, TerminalAsker

ENTER, DOWN, UP, HOME, END = "\r", "\x1b[B", "\x1b[A", "\x1b[H", "\x1b[F"
CHANNELS = ["in person", "phone", "e-mail", "post (letters)", "web form", "web chat", "social media"]


def ask(keys: str, method: str, *args):
    """One prompt with ``keys`` typed in advance; the answer, and what the next prompt received."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys + "rest" + ENTER)
        pipe.close()
        asker = TerminalAsker(input=pipe, output=DummyOutput())
        answer = getattr(asker, method)(*args)
        following = asker.text("next")
    return answer, following


def options(titles):
    return [Option(t, t) for t in titles]


@pytest.mark.parametrize("keys,expected", [
    ("t" + ENTER, True), ("taip" + ENTER, True), ("y" + ENTER, True), ("n" + ENTER, False),
    ("ne" + ENTER, False), (ENTER, False), (UP + ENTER, True),
])
def test_yes_no_needs_enter_and_takes_lithuanian_and_english_letters(keys, expected):
    answer, _ = ask(keys, "confirm", "Public body?", False)
    assert answer is expected


def test_a_line_typed_for_the_next_question_does_not_answer_a_yes_no_question():
    answer, following = ask("Ozo g. 25, LT-07150 Vilnius" + ENTER + "t" + ENTER, "confirm", "Public?", False)
    assert answer is True                             # only the "t" + Enter that came after
    assert following == "rest"                    # and nothing of the address leaked onwards


def test_a_single_letter_alone_answers_nothing():
    with create_pipe_input() as pipe:
        pipe.send_text("n")
        pipe.close()
        with pytest.raises(EOFError):                 # still waiting for Enter when the keys ran out
            TerminalAsker(input=pipe, output=DummyOutput()).confirm("Public?", True)


def test_typing_finds_an_option_and_an_exact_title_wins():
    assert ask("kit" + ENTER, "select", "Sector", options(["kita viešoji įstaiga", "kita"]))[0] == "kita viešoji įstaiga"
    assert ask("kita" + ENTER, "select", "Sector", options(["kita viešoji įstaiga", "kita"]))[0] == "kita"
    assert ask("chat" + ENTER, "select", "Channel", options(CHANNELS))[0] == "web chat"   # a later word


def test_text_that_names_no_option_is_refused_not_taken_as_the_pointed_one():
    answer, following = ask("kavinė Vilniuje" + ENTER + END + ENTER, "select", "Sector", options(CHANNELS))
    assert answer == "social media" and following == "rest"


def test_checkbox_space_ticks_but_a_search_with_spaces_goes_on():
    ticked, _ = ask("web c soc " + ENTER, "checkbox", "Channels", options(CHANNELS), [])
    assert ticked == ["web chat", "social media"]
    ticked, _ = ask(" " + DOWN + " " + HOME + " " + ENTER, "checkbox", "Channels", options(CHANNELS), [])
    assert ticked == ["phone"]                        # ticked, ticked, unticked again


def test_a_refused_line_leaves_the_pointer_where_it_was():
    # "You must …" first finds "yes" as it is typed; refused, the pointer goes back to "no"
    answer, _ = ask("You must have used it." + ENTER + ENTER, "confirm", "Public?", False)
    assert answer is False
