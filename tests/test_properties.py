"""Property tests: random valid answers always validate, select the right sections and build.

The strategy draws answers the way a person (or the wizard) might write them: any sector with a
``public_body`` that agrees with it, a non-empty set of channels (with networks when social media is
one), service levels for some used channels that respect every cross-field rule, 0–4 branches with
unique names, any client groups, voice, form of address and language, and names that mix Lithuanian
letters, „quotes“, ``& < >``, Cyrillic and Greek.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kasgen.answers import parse_answers, validate_answers
from kasgen.build import render_standard
from kasgen.pipeline import run
from kasgen.profile import (
    ALWAYS_PUBLIC,
    LEGAL_REPLY_WORKING_DAYS,
    NEVER_PUBLIC,
    Channel,
    ClientGroup,
    Language,
    MonitoringMethod,
    Profile,
    Sector,
    Voice,
    seconds_for_rings,
)
from tests.helpers import LEFTOVERS, document_text, strings_in

#: A build takes about a second, so shrinking a failure could take many minutes: the build property
#: reports the failing example as drawn (the cheaper properties below shrink theirs).
BUILD = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
CHEAP = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

REMOTE = [c for c in Channel if c is not Channel.in_person]
#: The clause that carries the face-to-face rules; it exists only when in_person is a channel.
IN_PERSON_CLAUSE = "direct.sequence"


def group_clause(group: ClientGroup) -> str:
    if group.value == "aggressive_or_intoxicated":
        return "difficult.aggressive"  # everyone gets the essentials; the group gets the full set
    return f"direct.group_{group.value}"


# --- strategies ----------------------------------------------------------------------------------

LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMOPQRSUVWYZ"  # no N, T, X: no accidental "None"/"TODO"
    "ąčęėįšųūžĄČĘĖĮŠŲŪŽ"
    "абвгдежзиклмнопрстуфхцчшщюяАБВГДЖЗИКЛМПРСУФ"
    "αβγδλμπσωΩΣΔ"
    "0123456789"
)
PUNCT = " „“\"'&<>.,-–()/"


@st.composite
def names(draw, max_size: int = 40) -> str:
    """Non-blank text with Lithuanian letters, quotes, XML-special characters and Cyrillic."""
    first = draw(st.text(LETTERS, min_size=1, max_size=3))
    rest = draw(st.text(LETTERS + PUNCT, max_size=max_size))
    last = draw(st.text(LETTERS + "“\"'>)", max_size=1))
    return first + rest + last


def short_lists(strategy=None, max_size: int = 3):
    return st.lists(names(20) if strategy is None else strategy, max_size=max_size)


@st.composite
def written_levels(draw, public: bool) -> dict[str, int]:
    ack = draw(st.integers(0, 10))
    reply = draw(st.integers(max(ack, 1), LEGAL_REPLY_WORKING_DAYS if public else 60))
    return {"acknowledge_within_working_days": ack, "reply_within_working_days": reply}


@st.composite
def complaint_levels(draw, public: bool) -> dict[str, int]:
    ack = draw(st.integers(0, 10))
    resolve = draw(st.integers(max(ack, 1), LEGAL_REPLY_WORKING_DAYS if public else 60))
    return {"acknowledge_within_working_days": ack, "resolve_within_working_days": resolve}


@st.composite
def phone_levels(draw) -> dict[str, int]:
    rings = draw(st.integers(1, 10))
    levels = {
        "answer_within_rings": rings,
        "answer_within_seconds": draw(st.integers(*seconds_for_rings(rings))),
    }
    if draw(st.booleans()):
        levels["max_hold_seconds"] = draw(st.integers(10, 600))
        levels["callback_within_hours"] = draw(st.integers(1, 120))
    return levels


@st.composite
def in_person_levels(draw) -> dict[str, Any]:
    levels: dict[str, Any] = {
        "greet_within_seconds": draw(st.integers(1, 300)),
        "max_wait_minutes": draw(st.integers(1, 240)),
    }
    if draw(st.booleans()):
        levels["appointment_wait_minutes"] = draw(st.integers(0, 60))
    return levels


def level_strategy(channel: Channel, public: bool):
    return {
        Channel.in_person: in_person_levels(),
        Channel.phone: phone_levels(),
        Channel.email: written_levels(public),
        Channel.post: written_levels(public),
        Channel.web_form: written_levels(public),
        Channel.web_chat: st.fixed_dictionaries(
            {"first_reply_within_minutes": st.integers(1, 60)},
            optional={"hours": names(20)},
        ),
        Channel.social_media: st.fixed_dictionaries({"reply_within_hours": st.integers(1, 168)}),
    }[channel]


@st.composite
def branches(draw) -> list[dict[str, Any]]:
    branch_names = draw(st.lists(names(25), max_size=4, unique_by=lambda n: n.strip().casefold()))
    return [
        {
            "name": name,
            "address": draw(names(30)),
            "opening_hours": draw(st.sampled_from(["I–V 8.00–17.00", "I–VII 0–24", "Mon–Fri 9–18"])),
            "accessibility": draw(short_lists(max_size=2)),
            "escalation_contact": draw(names(20)),
        }
        for name in branch_names
    ]


@st.composite
def answers(draw) -> dict[str, Any]:
    """A random answers dict that must be valid."""
    sector = draw(st.sampled_from(list(Sector)))
    if sector in ALWAYS_PUBLIC:
        public_body = draw(st.sampled_from([None, True]))
    elif sector in NEVER_PUBLIC:
        public_body = draw(st.sampled_from([None, False]))
    else:
        public_body = draw(st.sampled_from([None, True, False]))
    public = public_body if public_body is not None else sector in ALWAYS_PUBLIC

    organisation: dict[str, Any] = {
        "name": draw(names()),
        "short_name": draw(names(20)),
        "sector": sector.value,
        "address": draw(names(30)),
    }
    if public_body is not None:
        organisation["public_body"] = public_body
    if draw(st.booleans()):
        organisation["key_services"] = draw(short_lists())
    if draw(st.booleans()):
        organisation["website"] = "www.pavyzdys.lt"
        organisation["phone"] = "+370 5 200 0000"
        organisation["email"] = "info@pavyzdys.lt"

    channels = draw(st.lists(st.sampled_from(list(Channel)), min_size=1, unique=True))
    data: dict[str, Any] = {"organisation": organisation, "channels": [c.value for c in channels]}
    if Channel.social_media in channels:
        data["social_networks"] = draw(
            st.lists(st.sampled_from(["Facebook", "Instagram", "LinkedIn", "TikTok", "X"]),
                     min_size=1, max_size=3, unique=True)
        )

    levels: dict[str, Any] = {}
    for channel in channels:
        if draw(st.booleans()):
            levels[channel.value] = draw(level_strategy(channel, public))
    if draw(st.booleans()):
        levels["complaints"] = draw(complaint_levels(public))
    if levels:
        data["service_levels"] = levels

    data["branches"] = draw(branches())
    data["client_groups"] = [g.value for g in draw(st.lists(st.sampled_from(list(ClientGroup)), unique=True))]
    if draw(st.integers(0, 3)) == 0:
        data["custom_client_groups"] = [
            {"name": draw(names(20)), "dos": draw(st.lists(names(30), min_size=2, max_size=3)),
             "donts": draw(st.lists(names(30), min_size=1, max_size=2)), "phrase": draw(names(40))}
        ]

    brand: dict[str, Any] = {"voice": draw(st.sampled_from(list(Voice))).value}
    form = draw(st.sampled_from([None, "formal", "first_name", "informal"]))
    if form:
        brand["form_of_address"] = form
    brand["values"] = draw(short_lists())
    brand["signature_behaviours"] = draw(short_lists(names(60), max_size=2))
    brand["words_to_use"] = draw(short_lists(max_size=2))
    brand["words_to_avoid"] = draw(short_lists(max_size=2))
    data["brand"] = brand

    if draw(st.booleans()):
        data["roles"] = {"standard_owner": draw(names(30)), "complaints_owner": draw(names(30))}
    if draw(st.booleans()):
        data["monitoring"] = {
            "methods": [m.value for m in draw(st.lists(st.sampled_from(list(MonitoringMethod)), unique=True))],
            "nps": draw(st.booleans()),
            "pay_link": draw(st.booleans()),
        }

    document: dict[str, Any] = {
        "effective_date": draw(st.dates(dt.date(2025, 1, 1), dt.date(2035, 12, 31))).isoformat(),
        "version": draw(st.from_regex(r"\A[1-9]\d?(\.\d{1,2}){0,2}\Z")),
        "language": draw(st.sampled_from(list(Language))).value,
    }
    if draw(st.booleans()):
        document["title"] = draw(names(60))
    if draw(st.booleans()):
        document["approved_by"] = draw(names(30))
    data["document"] = document
    return data


def user_texts(data: dict[str, Any]) -> list[str]:
    """Every string the answers carry (to tell the organisation's words from template leftovers)."""
    return strings_in(data)


def docx_text(data: bytes) -> str:
    return document_text(data)


# --- properties ----------------------------------------------------------------------------------


@CHEAP
@given(answers())
def test_random_valid_answers_validate_also_through_yaml(data):
    profile = validate_answers(data)
    assert isinstance(profile, Profile)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    again = validate_answers(parse_answers(text.encode("utf-8")))
    assert again == profile


@CHEAP
@given(answers())
def test_sections_follow_channels_and_groups(data):
    profile = validate_answers(data)
    result = run(profile)
    selected = {cs.section.id for part in result.rendered.selection.documents["standard"] for cs in part.sections}
    headed = {h.clause_id for h in result.standard.headings() if h.level == 2}
    used = set(profile.channels)
    for channel in REMOTE:
        clause = f"remote.{channel.value}"
        if channel in used:
            assert clause in selected and clause in headed, f"{clause} missing for channels {data['channels']}"
        else:
            assert clause not in selected, f"{clause} selected, but channels are {data['channels']}"
    if Channel.in_person in used:
        assert IN_PERSON_CLAUSE in selected and IN_PERSON_CLAUSE in headed
    else:
        assert IN_PERSON_CLAUSE not in selected
    for group in ClientGroup:
        clause = group_clause(group)
        # Face to face every declared group has its section. Remotely only some do: what the
        # standard says about wheelchair users, or about deaf people when only letters come in, is
        # all face to face (or by phone), so such a section is left out rather than printed empty.
        remote_only_may_drop = group.value not in ("intellectual_disability", "foreign_language",
                                                   "business_clients")
        if group in profile.client_groups and Channel.in_person not in used and remote_only_may_drop:
            assert clause not in selected or clause in headed, f"{clause} selected but not printed"
        elif group in profile.client_groups:
            assert clause in selected and clause in headed, (
                f"{clause} missing for client_groups {data['client_groups']}"
            )
        elif group.value != "aggressive_or_intoxicated":
            assert clause not in selected, f"{clause} selected, but client_groups are {data['client_groups']}"
    if profile.custom_client_groups:
        assert "direct.own_groups" in selected
    else:
        assert "direct.own_groups" not in selected


@BUILD
@given(answers())
def test_random_valid_answers_build_a_clean_document(data):
    profile = validate_answers(data)
    result = run(profile)
    docx_bytes, summary = render_standard(profile)
    assert docx_bytes[:2] == b"PK"
    text = docx_text(docx_bytes)  # re-opens with python-docx

    bare = text
    for value in user_texts(data):
        bare = bare.replace(value, " ")
    leftover = LEFTOVERS.search(bare)
    assert leftover is None, (
        f"template leftover {leftover.group()!r} near: {bare[max(0, leftover.start() - 80):leftover.end() + 80]!r}"
    )

    assert profile.organisation.name in text
    # Every selected section's heading is in the Word file.
    for heading in result.standard.headings():
        if heading.level == 2:
            assert heading.text in text, (
                f"the heading {heading.text!r} ({heading.clause_id}) is not in the document"
            )
    numbers = result.rendered.numbers.section
    for channel in profile.channels:
        if channel is not Channel.in_person:
            assert f"remote.{channel.value}" in numbers
    for group in profile.client_groups:
        # face to face every declared group has its numbered section (see the test above for the
        # groups whose advice is all face to face)
        if Channel.in_person in profile.channels or group.value in (
                "intellectual_disability", "foreign_language", "business_clients"):
            assert group_clause(group) in numbers
    if len(profile.branches) >= 2:
        for branch in profile.branches:
            assert branch.name in text, f"branch {branch.name!r} missing from the branch annex"
