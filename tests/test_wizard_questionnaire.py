"""The shipped questionnaire is linted like code, and the answers file writer round-trips."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from kasgen.wizard import checks, paths, store
from kasgen.wizard.questions import QuestionnaireError, load_questionnaire

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE = load_questionnaire()
QUESTIONS = QUESTIONNAIRE.questions()


def _leaf_fields():
    for _, q in QUESTIONS:
        if q.type == "group":
            for sub in q.questions:
                yield sub, f"{q.field}.0.{sub.field}"
        else:
            yield q, q.field


@pytest.mark.parametrize("question,path", list(_leaf_fields()), ids=lambda v: getattr(v, "field", v))
def test_every_field_exists_in_the_profile_and_every_choice_is_valid(question, path) -> None:
    _, info = checks.model_at(paths.split(path))         # KeyError if the profile lacks the field
    allowed = checks.allowed_values(info.annotation)
    if question.choices:
        assert allowed is not None, f"{path}: choices, but the profile field takes any value"
        values = {c.value for c in question.choices}
        if None in values:                                    # "none of them": an optional field
            assert checks.accepts_none(path), f"{path}: a null choice for a field that needs a value"
            values.discard(None)
        assert values == allowed, f"{path}: choices differ from the profile"
    if question.choices_within:
        within = next(q for _, q in QUESTIONS if q.field == question.choices_within)
        assert {c.value for c in question.choices} - {None} <= {c.value for c in within.choices}
    if question.type == "confirm":
        assert "bool" in str(info.annotation)
    if question.type in ("list", "checkbox"):
        assert "list" in str(info.annotation)
    if question.default is not None and question.choices:
        assert question.default in allowed


def test_groups_fill_lists_of_models() -> None:
    groups = [q for _, q in QUESTIONS if q.type == "group"]
    assert {g.field for g in groups} == {"branches", "custom_client_groups", "situations"}
    for group in groups:
        assert group.item_name in {sub.field for sub in group.questions}
        assert checks.field_order((group.field, 0)), group.field


def test_conditions_refer_to_earlier_questions_and_valid_values() -> None:
    asked: dict[str, set | None] = {}
    for _, question in QUESTIONS:
        for path, _kind, values in question.when.tests:
            assert path in asked, f"{question.field}: condition on {path}, which is not asked earlier"
            if asked[path] is not None:
                assert set(values) <= asked[path], f"{question.field}: invalid value in condition"
        asked[question.field] = {c.value for c in question.choices} or None


def test_required_profile_fields_are_all_asked() -> None:
    fields = {q.field for _, q in QUESTIONS}
    for required in ("organisation.name", "organisation.short_name", "organisation.sector",
                     "organisation.address", "channels", "document.effective_date"):
        assert required in fields


def test_every_message_the_wizard_uses_exists() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kasgen" / "wizard").glob("*.py"))
    used = set(re.findall(r"""msg\(\s*["'](\w+)["']""", source))
    used |= set(re.findall(r"""message\(\s*["'](\w+)["']""", source))
    used |= set(re.findall(r'"(menu_\w+)"', source)) | {"yes", "no"}
    assert used <= set(QUESTIONNAIRE.messages), used - set(QUESTIONNAIRE.messages)


def test_a_misspelt_key_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "messages: {}\nsections:\n  - id: x\n    title: {lt: a, en: b}\n    questions:\n"
        "      - {field: channels, type: checkbox, promt: {lt: a, en: b}}\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="promt"):
        load_questionnaire("bad", tmp_path)


def test_answers_file_round_trips_with_comments_and_lithuanian_letters() -> None:
    data = {
        "document": {"effective_date": dt.date(2027, 1, 2), "version": "1.0", "title": None},
        "organisation": {"name": "UAB „Kavos namai“", "address": "Laisvės al. 52: Kaunas",
                         "key_services": ["- dash first", "yes", "# hash", "10"]},
        "channels": ["phone", "email"],
        "branches": [{"name": "A", "accessibility": []}, {"name": "B", "accessibility": ["ramp"]}],
        "unknown_key": {"kept": True},
    }
    comments = {"organisation.name": "Full official name.", "branches.name": "Branch name."}
    text = store.render(data, comments, checks.field_order, ["header"])
    assert yaml.safe_load(text) == data
    assert "UAB „Kavos namai“" in text and "\\u" not in text
    assert "  # Full official name.\n  name: UAB" in text
    assert text.count("# Branch name.") == 1                 # above the first item only
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^\w", line)]
    assert keys == ["organisation", "channels", "branches", "document", "unknown_key"]


def test_save_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    store.save(path, "a: 1\n")
    store.save(path, "a: 2\n")
    assert path.read_text(encoding="utf-8") == "a: 2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]
    assert path.stat().st_mode & 0o044 == 0o044        # readable like any file, not mkstemp's 0600


def test_every_profile_field_has_a_label_in_both_languages() -> None:
    """Messages and the document's notes name fields by label, so no field may lack one."""
    from kasgen.labels import field_label, has_label
    from kasgen.profile import Profile

    def walk(model, prefix):
        for name, info in model.model_fields.items():
            path = f"{prefix}{name}"
            yield path
            inner = checks._inner_model(info.annotation)
            if inner is not None:
                is_list = "list" in str(info.annotation)
                yield from walk(inner, f"{path}.0." if is_list else f"{path}.")

    for path in walk(Profile, ""):
        assert has_label(path), f"{path} has no label (its key would be shown as written)"
    assert field_label("branches.1.address", "lt") == "Padalinys Nr. 2 → adresas"
    assert field_label("branches.1.address", "en") == "Branch no. 2 → address"
    assert field_label("situations.0.what_to_do.2", "lt") == "Situacija Nr. 1 → ką daro darbuotojas → Nr. 3"
    assert field_label("organisation.nmae", "lt") == "Organizacija → nmae"       # a misspelt key
