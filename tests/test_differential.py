"""Differential: change one answer, and the documents change where that answer matters only."""

from __future__ import annotations

import copy
import re

import pytest

from kasgen.answers import validate_answers
from kasgen.checklists import build_scenarios
from kasgen.document import Heading, Para, Table
from kasgen.pipeline import run
from tests.helpers import answers

LEVELS = {
    "in_person": {"greet_within_seconds": 17, "max_wait_minutes": 13, "appointment_wait_minutes": 4},
    "phone": {"answer_within_rings": 4, "answer_within_seconds": 23, "max_hold_seconds": 47,
              "callback_within_hours": 19},
    "email": {"acknowledge_within_working_days": 1, "reply_within_working_days": 9},
    "web_chat": {"first_reply_within_minutes": 7},
    "social_media": {"reply_within_hours": 11},
    "complaints": {"acknowledge_within_working_days": 2, "resolve_within_working_days": 14},
}
CHANNELS = ["in_person", "phone", "email", "web_chat", "social_media"]


def build(lang="en", **changes):
    data = answers(channels=CHANNELS, social_networks=["Facebook"], service_levels=copy.deepcopy(LEVELS),
                   **{"document.language": lang, "organisation.staff": 40})
    for key, value in changes.items():
        target = data
        parts = key.split(".")
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return run(validate_answers(data))


def sections(result) -> dict[str, str]:
    """Section id -> its text (headings excluded), over the standard and the annex."""
    out: dict[str, list[str]] = {}
    for doc in (result.standard, result.annex):
        current = None
        for block in doc.blocks:
            if isinstance(block, Heading) and (block.level == 2 or block.kind in ("front", "card")):
                current = block.clause_id
                continue
            if isinstance(block, Heading) and block.level == 1:
                current = None
                continue
            if current is None:
                continue
            if isinstance(block, Para):
                out.setdefault(current, []).append(block.text)
            elif isinstance(block, Table):
                out.setdefault(current, []).extend(
                    " | ".join("".join(r.text for r in cell) for cell in row) for row in block.rows)
    return {k: "\n".join(v) for k, v in out.items()}


def changed(a, b) -> set[str]:
    sa, sb = sections(a), sections(b)
    return {k for k in sa.keys() | sb.keys() if sa.get(k) != sb.get(k)}


def test_chat_reply_time_changes_only_chat_sections_and_their_summaries():
    diff = changed(build(), build(**{"service_levels.web_chat.first_reply_within_minutes": 5}))
    assert "remote.web_chat" in diff
    assert "monitoring.indicators" in diff  # the target
    assert "front.card" in diff  # the quick card's row
    unrelated = {"remote.phone", "remote.email", "direct.sequence", "difficult.complaints",
                 "app_conflict.model", "app_stress.signs", "general.definitions", "environment.premises"}
    assert not diff & unrelated


def test_voice_changes_scripts_not_rules():
    formal = build(**{"brand": {"voice": "formal", "form_of_address": "formal"}})
    friendly = build(**{"brand": {"voice": "friendly", "form_of_address": "formal"}})
    diff = changed(formal, friendly)
    assert {"app_phone.script", "principles.voice"} <= diff
    # the rules are the same: as many norms at the same numbers (only a tone norm, such as the
    # emoji policy, may say it in the voice's way), and every measured norm word for word
    assert list(formal.rendered.numbers.norm.values()) == list(friendly.rendered.numbers.norm.values())
    differ = [a for a, b in zip(formal.rendered.numbers.norm, friendly.rendered.numbers.norm) if a != b]
    assert all(".tone_" in nid for nid in differ), differ
    for nid in ("phone.answer", "phone.hold_return", "phone.callback"):
        assert formal.rendered.norms[nid].text == friendly.rendered.norms[nid].text


def test_public_sector_adds_public_norms_and_removes_no_channel_rule():
    private = build()
    public = build(**{"organisation.sector": "healthcare", "organisation.public_body": True})
    added = set(public.rendered.norms) - set(private.rendered.norms)
    assert {"general.public_rules", "remote.public_deadlines"} <= added
    removed = set(private.rendered.norms) - set(public.rendered.norms)
    assert not any(nid.split(".")[0] in ("phone", "email", "chat", "social") for nid in removed), removed


def test_adding_a_client_group_adds_exactly_its_section():
    before = build(client_groups=["elderly"])
    after = build(client_groups=["elderly", "hearing_impaired"])
    ids = {s.section.id for p in after.rendered.selection.documents["standard"] for s in p.sections}
    old = {s.section.id for p in before.rendered.selection.documents["standard"] for s in p.sections}
    assert ids - old == {"direct.group_hearing_impaired", "direct.disability"}
    again = build(client_groups=["elderly", "hearing_impaired", "visually_impaired"])
    newer = {s.section.id for p in again.rendered.selection.documents["standard"] for s in p.sections}
    assert newer - ids == {"direct.group_visually_impaired"}


def test_removing_a_channel_removes_its_sections_indicators_and_scenario():
    full = build()
    without = build(channels=["in_person", "phone", "email", "social_media"],
                    **{"service_levels": {k: v for k, v in LEVELS.items() if k != "web_chat"}})
    assert "remote.web_chat" in sections(full) and "remote.web_chat" not in sections(without)
    assert any(n.indicators for nid, n in full.rendered.norms.items() if nid.startswith("chat."))
    assert not any(nid.startswith("chat.") for nid in without.rendered.norms)
    assert not any(s.channel == "chat" for s in build_scenarios(without.rendered))
    text = "\n".join(without.standard.text_lines() + without.annex.text_lines()).lower()
    assert "web chat" not in text


def test_each_service_level_number_appears_in_norm_target_card_and_checklist():
    result = build()
    norms = result.rendered.norms
    indicators = " ".join(i.cells["target"] for n in norms.values() for i in n.indicators)
    items = {i.clause_id: i for s in build_scenarios(result.rendered) for i in s.items}
    card = sections(result)["front.card"]
    for nid, value in (("phone.answer", 23), ("chat.first_reply", 7), ("social.reply_time", 11),
                       ("email.reply", 9), ("env.max_wait", 13)):
        pattern = rf"\b{value}\b"
        assert re.search(pattern, norms[nid].text), (nid, value)
        assert re.search(pattern, indicators), ("target", value)
        assert re.search(pattern, card), ("card", value)
    for nid in ("phone.answer", "env.max_wait"):  # the shopper measures them in a call or a visit
        assert items[nid].measured and items[nid].norm == result.rendered.numbers.number(nid)


CHANNEL_WORDS = {
    "web_chat": {"en": r"web chat|chatbot", "lt": r"pokalb\w* svetainėje|pokalbių robot"},
    "social_media": {"en": r"social media|social network", "lt": r"socialini\w* tinkl"},
    "phone": {"en": r"\bcallers?\b|on hold|call-?back", "lt": r"skambinanč\w*|laukimo režim\w*|perskambin\w*"},
}


@pytest.mark.parametrize("channel", sorted(CHANNEL_WORDS))
@pytest.mark.parametrize("lang", ["lt", "en"])
@pytest.mark.parametrize("sector", ["municipality", "retail", "banking", "healthcare"])
def test_a_channel_not_used_is_not_mentioned(channel, lang, sector):
    channels = [c for c in CHANNELS if c != channel]
    data = answers(channels=channels, service_levels={k: v for k, v in copy.deepcopy(LEVELS).items()
                                                      if k != channel},
                   **{"document.language": lang, "organisation.sector": sector})
    if "social_media" in channels:
        data["social_networks"] = ["Facebook"]
    result = run(validate_answers(data))
    # an employee's private conduct on social media, and calling 112, are rules whatever the channels
    allowed = re.compile(r"personal|private|asmenin|privač|neaptarinėja|do not discuss|112|policij|police|"
                         r"emergency|skubi", re.I)
    sentences = re.split(r"(?<=[.!?])\s+", "\n".join(result.standard.text_lines()))
    found = [s[:120] for s in sentences
             if re.search(CHANNEL_WORDS[channel][lang], s, re.I) and not allowed.search(s)]
    assert not found, found[:5]
