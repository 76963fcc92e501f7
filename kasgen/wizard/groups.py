"""Repeated groups of questions: branches, own client groups, the workshop's situations.

Each item is asked question by question with its own counter ("Padaliniai · Padalinys Nr. 2 ·
klausimas 3 iš 7") and help line; after each item, "add another?" with how many there are and how
many are suggested (situations: 3–10), never beyond what the profile takes. Items are named
"Padalinys Nr. 2: Centras", so two with the same name can be told apart. The menu used by
``--edit`` and the review lists the items; picking one lists its answers to change, or removes it.
"""

from __future__ import annotations

from typing import Any

from kasgen.wizard import checks, paths
from kasgen.wizard.asker import Option
from kasgen.wizard.questions import Question
from kasgen.wizard.session import Interview


def ask_group(interview: Interview, question: Question) -> None:
    """Complete the items already begun, then offer to add more (``--edit``: the group's menu)."""
    items = interview.get(question.field) if paths.has(interview.answers, question.field) else None
    if interview.edit and items:
        group_menu(interview, question)
        return
    if items:
        for i, item in enumerate(items):
            missing = [sub for sub in question.questions if not isinstance(item, dict) or sub.field not in item]
            if missing:
                ask_item(interview, question, i, missing)
        adding = another(interview, question)
    else:
        interview.position = question.field
        adding = interview.asker.confirm(_text(question.first, interview.lang), False)
        if not adding:
            paths.put(interview.answers, question.field, [])
            interview.changed()
    while adding:
        add_item(interview, question)
        adding = another(interview, question)


def another(interview: Interview, question: Question) -> bool:
    """Ask whether to add one more item; not asked once the group is full."""
    n = len(interview.get(question.field) or [])
    low, high = question.count or (0, None)
    most = checks.max_items(question.field)
    high = min(x for x in (high, most) if x is not None) if (high or most) else None
    if high is not None and n >= high:
        interview.asker.say(interview.msg("group_full", n=n), "help")
        return False
    prompt = _text(question.another, interview.lang)
    if question.count:
        prompt += " " + interview.msg("group_count", n=n, min=low, max=high)
    interview.position = question.field
    return bool(interview.asker.confirm(prompt, n < low))


def add_item(interview: Interview, question: Question) -> None:
    if not paths.has(interview.answers, question.field) or interview.get(question.field) is None:
        paths.put(interview.answers, question.field, [])
    items = interview.get(question.field)
    items.append({})
    ask_item(interview, question, len(items) - 1, list(question.questions))


def ask_item(interview: Interview, question: Question, i: int, subs: list[Question]) -> None:
    """Ask ``subs`` of item ``i``, each with the item's counter and the question's help."""
    lang = interview.lang
    item = interview.msg("group_item", label=_text(question.item, lang), n=i + 1)
    interview.asker.say("")
    for sub in subs:
        k = question.questions.index(sub) + 1
        interview.asker.say(interview.msg("group_progress", section=question.label(lang), item=item, k=k,
                                          n=len(question.questions)), "progress")
        if sub.help:
            interview.asker.say(f"  {sub.help(lang)}", "help")
        interview.ask_field(sub, f"{question.field}.{i}.{sub.field}")


def item_label(interview: Interview, question: Question, i: int) -> str:
    """``Padalinys Nr. 2: Centras`` (or ``Padalinys Nr. 2`` before it has a name)."""
    noun = _text(question.item, interview.lang)
    name = item_name(interview, question, i)
    if name:
        return interview.msg("group_item_named", label=noun, n=i + 1, name=name)
    return interview.msg("group_item", label=noun, n=i + 1)


def item_name(interview: Interview, question: Question, i: int) -> str:
    """The item's own name (its ``item_name`` answer) on one line, or "" before it has one."""
    item: Any = interview.get(question.field)[i]
    name = item.get(question.item_name) if isinstance(item, dict) and question.item_name else None
    return " ".join(str(name).split()) if name else ""


def group_menu(interview: Interview, question: Question) -> None:
    """Pick an item to change or remove, or add one (``--edit`` and the review screen)."""
    lang = interview.lang
    while True:
        if not paths.has(interview.answers, question.field) or interview.get(question.field) is None:
            paths.put(interview.answers, question.field, [])
        items = interview.get(question.field)
        options = [Option(("item", i), item_label(interview, question, i)) for i in range(len(items))]
        options += [Option(("add", 0), interview.msg("group_add", label=_text(question.item, lang))),
                    Option(("done", 0), interview.msg("group_done"))]
        interview.position = question.field
        action, i = interview.asker.select(interview.msg("group_pick", label=question.label(lang)),
                                           options, ("done", 0))
        if action == "item":
            item_menu(interview, question, i)
        elif action == "add":
            add_item(interview, question)
        else:
            return


def item_menu(interview: Interview, question: Question, i: int) -> None:
    """The answers of one item, to change one at a time, or remove the item."""
    lang, last = interview.lang, question.questions[0].field
    while True:
        name = item_label(interview, question, i)
        options = [Option(sub.field, f"{sub.label(lang)}: "
                          f"{interview.answer_text(sub, f'{question.field}.{i}.{sub.field}')}")
                   for sub in question.questions]
        options += [Option("-remove", interview.msg("group_remove", item=name)),
                    Option("", interview.msg("back"))]
        picked = interview.asker.select(interview.msg("group_item_pick", item=name), options, last)
        if not picked:
            return
        last = picked
        if picked == "-remove":
            del interview.get(question.field)[i]
            interview.changed()
            return
        sub = next(s for s in question.questions if s.field == picked)
        interview.ask_field(sub, f"{question.field}.{i}.{sub.field}")


def _text(text: Any, lang: str) -> str:
    """A group's ``first``/``another``/``item`` text; the loader guarantees groups have them."""
    if text is None:
        raise ValueError("a repeatable group needs 'first', 'another' and 'item'")
    return str(text(lang))
