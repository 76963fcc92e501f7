"""Reading answers files: the problems people make when they edit YAML by hand."""

from __future__ import annotations

import pytest

from kasgen.answers import load_profile
from kasgen.errors import AnswersError
from tests.helpers import answers, write_answers


def read_problems(tmp_path, text: str | bytes) -> list[str]:
    path = tmp_path / "a.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(AnswersError) as info:
        load_profile(path)
    return info.value.problems


def test_invalid_yaml_gives_line_and_column(tmp_path):
    [line] = read_problems(tmp_path, "organisation:\n  name: [unclosed\n")
    assert line.startswith("line ")


def test_tabs_are_explained(tmp_path):
    [line] = read_problems(tmp_path, "organisation:\n\tname: x\n")
    assert "tab" in line


def test_duplicate_keys_are_refused(tmp_path):
    [line] = read_problems(tmp_path, "channels: [phone]\nchannels: [email]\n")
    assert "duplicate key 'channels'" in line


def test_non_utf8_file(tmp_path):
    [line] = read_problems(tmp_path, b"organisation:\n  name: Vilniaus \xe8\n")
    assert "not UTF-8" in line


def test_empty_file(tmp_path):
    assert read_problems(tmp_path, "") == ["the file is empty"]


def test_top_level_list(tmp_path):
    assert read_problems(tmp_path, "- a\n- b\n") == ["the top level must be a mapping of keys to answers"]


def test_missing_file(tmp_path):
    with pytest.raises(AnswersError) as info:
        load_profile(tmp_path / "nope.yaml")
    assert info.value.problems == ["file not found"]


def test_lithuanian_and_special_characters_survive(tmp_path):
    data = answers(**{"organisation.name": "UAB „Šviesa & <Partneriai>“ 'Ąžuolas' \"Ėglė\""})
    profile = load_profile(write_answers(tmp_path, data))
    assert profile.organisation.name == "UAB „Šviesa & <Partneriai>“ 'Ąžuolas' \"Ėglė\""


def test_wrong_type_message(tmp_path):
    data = answers(service_levels={"phone": {"answer_within_rings": "three", "answer_within_seconds": 20}})
    lines = read_problems(tmp_path, __import__("yaml").safe_dump(data, allow_unicode=True))
    assert lines == ["Telefonu: signalų iki atsiliepimo (service_levels.phone.answer_within_rings): "
                     "turi būti sveikasis skaičius, o ne 'three'"]
