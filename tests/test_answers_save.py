"""The wizard's save path: concurrent interviews, failed saves and hand-edited files.

``store.render``/``store.save`` are what the interview calls after every answer. Two interviews
are two processes; here each keeps its own memory of what it saved (swapped in around its saves),
which is all that differs between processes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from kasgen import answers_save
from kasgen.answers import read_answers
from kasgen.errors import AnswersError, OutputError
from kasgen.wizard import checks, store


class Interview:
    """One interview's view of the answers and its own save memory."""

    def __init__(self, path: Path, answers: dict):
        self.path = path
        self.answers = answers
        self.memory: dict = {}

    def answer(self, section: str, key: str, value) -> None:
        self.answers.setdefault(section, {})[key] = value
        saved, answers_save._SAVED = answers_save._SAVED, self.memory
        try:
            store.save(self.path, store.render(self.answers, {}, checks.field_order, ["header"]))
        finally:
            answers_save._SAVED = saved


def _on_disk(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_two_interviews_on_one_file_keep_each_others_answers(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("organisation: {name: Acme}\n", encoding="utf-8")
    first = Interview(path, read_answers(path))
    second = Interview(path, read_answers(path))
    first.answer("organisation", "short_name", "Acme")
    second.answer("organisation", "address", "Main St 1")      # first's answer is kept
    first.answer("document", "title", "Standard")              # second's answer is kept
    second.answer("organisation", "name", "Acme Ltd")          # a change, not a wipe
    assert _on_disk(path) == {
        "organisation": {"name": "Acme Ltd", "short_name": "Acme", "address": "Main St 1"},
        "document": {"title": "Standard"},
    }
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_an_answer_removed_by_one_interview_stays_removed(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("organisation: {name: Acme, phone: '123'}\n", encoding="utf-8")
    first = Interview(path, read_answers(path))
    second = Interview(path, read_answers(path))
    del first.answers["organisation"]["phone"]
    first.answer("organisation", "name", "Acme")
    second.answer("organisation", "address", "Main St 1")
    assert _on_disk(path) == {"organisation": {"name": "Acme", "address": "Main St 1"}}


def test_a_failed_save_keeps_every_answer_in_a_recovery_copy(tmp_path, monkeypatch):
    path = tmp_path / "answers.yaml"
    interview = Interview(path, {})
    interview.answer("organisation", "name", "Acme")
    real_replace = os.replace

    def read_only(src, dst, *args, **kwargs):
        if Path(dst) == path:
            raise OSError(30, "Read-only file system")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", read_only)
    with pytest.raises(OutputError) as info:
        interview.answer("organisation", "short_name", "the answer just given")
    message = str(info.value)
    assert "Read-only file system" in message and "kept in " in message
    copy = Path(message.rsplit("kept in ", 1)[1])
    assert _on_disk(copy)["organisation"] == {"name": "Acme", "short_name": "the answer just given"}
    assert _on_disk(path) == {"organisation": {"name": "Acme"}}
    copy.unlink()


def test_an_alias_chain_under_an_unknown_key_is_written_once(tmp_path):
    path = tmp_path / "answers.yaml"
    chain = "\n".join(
        ["  l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
        + [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 4)]
    )
    path.write_text(f"organisation: {{name: Acme}}\nnotes:\n{chain}\n", encoding="utf-8")
    before = path.stat().st_size
    data = read_answers(path)
    interview = Interview(path, data)
    interview.answer("organisation", "short_name", "Acme")
    assert path.stat().st_size < before + 500, "the aliases were expanded"
    assert _on_disk(path)["notes"] == data["notes"]  # the same values, 10,000 x's at the bottom


def test_a_recursive_alias_is_a_clear_message_not_a_crash(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("organisation: {name: Acme}\nnotes: &loop [a, *loop]\n", encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    assert "notes.1: contains itself" in str(info.value)
    looped: list = ["a"]
    looped.append(looped)
    with pytest.raises(OutputError) as written:
        store.render({"notes": looped}, {}, checks.field_order, [])
    assert "includes itself" in str(written.value)


def test_odd_keys_are_written_so_that_they_read_back(tmp_path):
    data = {"organisation": {"name": "Acme"}, "a: b": 1, "yes": "no", "- x": [None, "y"], 5: "five"}
    text = store.render(data, {}, checks.field_order, [])
    assert yaml.safe_load(text) == data
