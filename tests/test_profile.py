"""The profile's rules, as a person editing an answers file meets them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kasgen.answers import format_validation_error, validate_answers
from kasgen.presets import resolve_service_levels
from kasgen.profile import Profile
from tests.helpers import answers


def problems(data) -> list[str]:
    """The profile's own problem lines (``path: message``, English); tests/test_problems.py checks
    how people see them (label, place, language)."""
    with pytest.raises(ValidationError) as info:
        Profile.model_validate(data)
    return format_validation_error(info.value)


def test_minimal_answers_are_valid():
    profile = validate_answers(answers())
    assert profile.organisation.short_name == "Testo paslaugos"
    assert not profile.organisation.is_public


def test_service_level_for_unused_channel_is_named():
    data = answers(service_levels={"web_chat": {"first_reply_within_minutes": 2}})
    assert problems(data) == [
        "service_levels.web_chat: a service level is given, but web_chat is not among channels"
    ]


def test_acknowledgement_later_than_reply():
    data = answers(service_levels={"email": {"acknowledge_within_working_days": 5,
                                             "reply_within_working_days": 3}})
    [line] = problems(data)
    assert line.startswith("service_levels.email.acknowledge_within_working_days:")
    assert "later than the reply" in line


def test_public_body_cannot_promise_more_than_legal_deadline():
    data = answers(**{"organisation.sector": "municipality"},
                   service_levels={"email": {"acknowledge_within_working_days": 2,
                                             "reply_within_working_days": 25}})
    [line] = problems(data)
    assert line.startswith("service_levels.email.reply_within_working_days:")
    assert "20 working days" in line


def test_private_company_may_promise_longer_replies():
    data = answers(service_levels={"email": {"acknowledge_within_working_days": 2,
                                             "reply_within_working_days": 25}})
    assert validate_answers(data).service_levels.email.reply_within_working_days == 25


def test_out_of_range_number_names_field_and_bounds():
    data = answers(service_levels={"phone": {"answer_within_rings": 12, "answer_within_seconds": 60}})
    assert problems(data) == [
        "service_levels.phone.answer_within_rings: must be between 1 and 10, not 12"
    ]


def test_rings_and_seconds_must_agree():
    data = answers(service_levels={"phone": {"answer_within_rings": 6, "answer_within_seconds": 10}})
    [line] = problems(data)
    assert line.startswith("service_levels.phone.answer_within_seconds:")


def test_unknown_key_is_named():
    data = answers(**{"organisation.secotr": "retail"})
    assert "organisation.secotr: unknown key" in problems(data)[0]


def test_wrong_enum_lists_choices():
    [line] = problems(answers(**{"organisation.sector": "bakery"}))
    assert line.startswith("organisation.sector: must be one of")
    assert "'bakery'" in line


def test_social_media_needs_networks():
    [line] = problems(answers(channels=["social_media"]))
    assert line.startswith("social_networks:")


def test_duplicate_branch_names():
    branch = {"name": "Centras", "address": "a", "opening_hours": "8-17", "escalation_contact": "x"}
    [line] = problems(answers(branches=[branch, dict(branch, name="centras")]))
    assert line == "branches: duplicate branch name(s): Centras, centras"


def test_municipality_is_always_public():
    [line] = problems(answers(**{"organisation.sector": "municipality", "organisation.public_body": False}))
    assert line.startswith("organisation.public_body:")


def test_healthcare_may_declare_itself_public():
    profile = validate_answers(answers(**{"organisation.sector": "healthcare",
                                          "organisation.public_body": True}))
    assert profile.organisation.is_public


def test_several_problems_are_all_reported():
    data = answers(channels=["phone", "fax"], document={"language": "fr"})
    lines = problems(data)
    assert any(x.startswith("channels.1:") for x in lines)
    assert any(x.startswith("document.effective_date: is required") for x in lines)
    assert any(x.startswith("document.language:") for x in lines)


def test_used_channel_without_levels_gets_preset_and_is_flagged():
    profile = validate_answers(answers())
    levels, defaulted = resolve_service_levels(profile)
    assert levels.phone is not None and levels.email is not None and levels.complaints is not None
    assert levels.web_chat is None
    assert "service_levels.phone.answer_within_rings" in defaulted


def test_given_levels_are_not_flagged():
    data = answers(service_levels={"phone": {"answer_within_rings": 3, "answer_within_seconds": 15,
                                             "max_hold_seconds": 30, "callback_within_hours": 2}})
    levels, defaulted = resolve_service_levels(validate_answers(data))
    assert levels.phone.answer_within_rings == 3
    assert not any(d.startswith("service_levels.phone.") for d in defaulted)
