"""Validation problems as people read them: labels, places in the file, Lithuanian grammar."""

from __future__ import annotations

import pytest

from kasgen.answers import validate_answers
from kasgen.errors import AnswersError
from kasgen.problems import describe, plural, translate
from tests.helpers import answers


def problems_of(data) -> list[str]:
    with pytest.raises(AnswersError) as info:
        validate_answers(data)
    return info.value.problems


def test_a_problem_names_the_field_by_label_with_items_counted_from_one():
    data = answers(branches=[
        {"name": "Centras", "address": "Vilniaus g. 1", "opening_hours": "I–V", "escalation_contact": "vadovė"},
        {"name": "Filialas", "opening_hours": "I–V", "escalation_contact": "vadovė"},
    ])
    assert problems_of(data) == ["Padalinys Nr. 2 → adresas (branches[2].address): būtina užpildyti"]
    data["document"]["language"] = "en"
    assert problems_of(data) == ["Branch no. 2 → address (branches[2].address): is required"]


def test_the_interview_language_decides_over_the_document_language():
    data = answers(**{"organisation.name": ""})
    data["document"]["language"] = "lt"
    data["interview"] = {"language": "en"}
    assert problems_of(data) == ["Name of the organisation (organisation.name): must not be empty"]


@pytest.mark.parametrize("n,word", [(1, "punktas"), (2, "punktai"), (9, "punktai"), (10, "punktų"),
                                    (11, "punktų"), (12, "punktų"), (21, "punktas"), (22, "punktai"),
                                    (100, "punktų"), (111, "punktų"), (101, "punktas")])
def test_lithuanian_numbers_agree_with_their_noun(n, word):
    assert plural(n, "punktas", "punktai", "punktų") == word


def test_list_lengths_read_as_lithuanian():
    assert translate("must list at least 1 item(s), not 0", "lt") == "turi būti bent 1 punktas, o dabar – 0"
    assert translate("must list at least 2 item(s), not 1", "lt") == "turi būti bent 2 punktai, o dabar – 1"
    assert translate("must list at most 10 item(s), not 11", "lt") == (
        "gali būti ne daugiau kaip 10 punktų, o dabar – 11")


def test_date_errors_are_lithuanian_to_the_end():
    line = ("document.effective_date: must be a date written as YYYY-MM-DD, not '2027-13-01' "
            "(month value is outside expected range of 1-12)")
    assert describe(line, "lt") == ("Įsigaliojimo data (document.effective_date): data rašoma MMMM-MM-DD, "
                                    "o ne '2027-13-01' (mėnuo turi būti nuo 1 iki 12)")
    # an unknown detail is left out rather than shown in English
    assert translate("must be a date written as YYYY-MM-DD, not 'x' (something new)", "lt") == (
        "data rašoma MMMM-MM-DD, o ne 'x'")


def test_choice_values_are_named_by_their_titles():
    assert translate("a municipality is always a public body", "lt") == (
        "veiklos sritis „savivaldybė“ visada priklauso viešajam sektoriui")
    assert translate("a service level is given, but web_chat is not among channels", "lt") == (
        "nurodytos normos, bet kanalas „pokalbiu internetu“ nepasirinktas")


def test_messages_about_no_field_keep_their_place():
    assert describe("line 3, column 2: mapping values are not allowed here", "lt") == (
        "line 3, column 2: mapping values are not allowed here")
    assert describe("colour: unknown key (check the spelling; `kasgen schema` lists the valid keys)", "lt") == (
        "colour: nežinomas raktas (patikrinkite rašybą; galimus raktus rodo `kasgen schema`)")


def test_every_profile_message_form_has_a_lithuanian_rule():
    """The cross-field rules and the commonest field errors, as the profile produces them."""
    broken = [
        answers(service_levels={"web_chat": {"first_reply_within_minutes": 2}}),
        answers(service_levels={"email": {"acknowledge_within_working_days": 5, "reply_within_working_days": 3}}),
        answers(**{"organisation.sector": "municipality"},
                service_levels={"email": {"acknowledge_within_working_days": 2, "reply_within_working_days": 25}}),
        answers(service_levels={"phone": {"answer_within_rings": 6, "answer_within_seconds": 10}}),
        answers(service_levels={"phone": {"answer_within_rings": 2, "answer_within_seconds": 120}}),
        answers(channels=["social_media"]),
        answers(**{"organisation.name": ""}),
        answers(**{"organisation.sector": "bakery"}),
        answers(**{"organisation.phone": "skambinkite bet kada", "organisation.email": "info(at)x.lt"}),
        answers(situations=[{"title": "Skambutis", "what_to_do": ["atsiliepiame"], "channel": "web_chat"}]),
        answers(situations=[{"title": "Skambutis", "what_to_do": []}]),
        answers(**{"document.status": "ready"}),
        answers(service_levels={"phone": {"answer_within_rings": True, "answer_within_seconds": 20}}),
        answers(**{"document.effective_date": "1800-01-01"}),
    ]
    for data in broken:
        data["document"]["language"] = "lt"
        for line in problems_of(data):
            message = line.partition("): ")[2]
            assert message and translate(message, "lt") == message, line      # already translated
            assert not any(word in message for word in (" must ", " is ", " not ", " the ")), line


def test_rings_and_seconds_must_agree_both_ways():
    slow = answers(service_levels={"phone": {"answer_within_rings": 2, "answer_within_seconds": 120}})
    slow["document"]["language"] = "en"
    assert problems_of(slow) == [
        "Phone: time to answer, seconds (service_levels.phone.answer_within_seconds): 120 s is much longer "
        "than 2 rings take (about 10 s); give 6–20 s or more rings"]
    for rings, seconds in ((2, 6), (2, 20), (4, 20), (1, 5), (10, 60)):
        validate_answers(answers(service_levels={"phone": {"answer_within_rings": rings,
                                                           "answer_within_seconds": seconds}}))


@pytest.mark.parametrize("phone", ["+370 5 212 3456", "(8 5) 212 3456", "8-700-12345", "1888", "+370 612 34567"])
def test_phone_numbers_as_people_write_them_are_accepted(phone):
    validate_answers(answers(**{"organisation.phone": phone}))


@pytest.mark.parametrize("phone", ["skambinkite bet kada", "12", "+370 5 212 3456 arba 8 600", "tel. 123456"])
def test_text_that_is_no_phone_number_is_refused(phone):
    assert "telefono numeris" in problems_of(answers(**{"organisation.phone": phone}))[0]


@pytest.mark.parametrize("email", ["info", "info@moletai", "info @moletai.lt", "a@b@c.lt", "rašykite mums"])
def test_text_that_is_no_email_address_is_refused(email):
    assert "el. pašto adresas" in problems_of(answers(**{"organisation.email": email}))[0]
