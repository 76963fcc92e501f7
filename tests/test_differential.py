"""Differential: change one answer, and the document changes where that answer matters only."""

from __future__ import annotations

import copy
import re

import pytest
from kasgen.assemble import assemble

from kasgen.answers import validate_answers
from kasgen.document import Heading, Para, Table
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
                   **{"document.language": lang})
    for key, value in changes.items():
        target = data
        parts = key.split(".")
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return assemble(validate_answers(data))


def sections(result) -> dict[str, str]:
    """Clause id -> its text (headings excluded), for comparison."""
    out: dict[str, list[str]] = {}
    current = None
    for block in result.document.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            current = block.clause_id if block.level == 2 else None
            continue
        if current is None:
            continue
        if isinstance(block, Para):
            out.setdefault(current, []).append(block.text)
        elif isinstance(block, Table):
            out.setdefault(current, []).extend(
                " | ".join("".join(r.text for r in cell) for cell in row) for row in block.rows
            )
    return {k: "\n".join(v) for k, v in out.items()}


def changed(a, b) -> set[str]:
    sa, sb = sections(a), sections(b)
    return {k for k in sa.keys() | sb.keys() if sa.get(k) != sb.get(k)}


def test_chat_reply_time_changes_only_chat_sections_and_their_summaries():
    diff = changed(build(), build(**{"service_levels.web_chat.first_reply_within_minutes": 5}))
    assert "remote.web_chat" in diff
    assert "monitoring.indicators" in diff  # the target
    assert "app_card.card" in diff  # the quick-reference row
    unrelated = {"remote.phone", "remote.email", "direct.sequence", "difficult.complaints",
                 "app_conflict.model", "app_stress.signs", "general.definitions"}
    assert not diff & unrelated


def test_voice_changes_scripts_not_rules():
    formal, friendly = build(**{"brand": {"voice": "formal"}}), build(**{"brand": {"voice": "friendly"}})
    diff = changed(formal, friendly)
    assert {"remote.phone", "app_phone.incoming", "principles.brand_voice"} <= diff
    # the rules are the same: same clauses, same numbered norms, same numbers
    assert [s.clause.id for s in formal.selected] == [s.clause.id for s in friendly.selected]
    def norms(result):
        return [b.number for b in result.document.blocks if isinstance(b, Para) and b.role == "clause"]
    assert norms(formal) == norms(friendly)
    text_f = sections(formal)["remote.phone"]
    text_r = sections(friendly)["remote.phone"]
    for value in ("4", "23", "47", "19"):
        assert re.search(rf"\b{value}\b", text_f) and re.search(rf"\b{value}\b", text_r)


def test_public_sector_adds_public_clauses_only():
    private = build()
    public = build(**{"organisation.sector": "healthcare", "organisation.public_body": True})
    private_ids = {s.clause.id for s in private.selected}
    public_ids = {s.clause.id for s in public.selected}
    added = public_ids - private_ids
    assert {"sector.public_legal_deadlines", "sector.public_impartiality"} <= added
    assert all(cid.startswith(("sector.public_", "sector.healthcare_")) for cid in added), added
    removed = private_ids - public_ids
    assert all(not cid.startswith("remote.") for cid in removed), removed


def test_adding_a_client_group_adds_exactly_its_section():
    before = build(client_groups=["elderly"])
    after = build(client_groups=["elderly", "hearing_impaired"])
    added = {s.clause.id for s in after.selected} - {s.clause.id for s in before.selected}
    assert added == {"direct.group_hearing_impaired", "direct.disability_general"}
    again = build(client_groups=["elderly", "hearing_impaired", "visually_impaired"])
    added = {s.clause.id for s in again.selected} - {s.clause.id for s in after.selected}
    assert added == {"direct.group_visually_impaired"}


def test_removing_a_channel_removes_its_sections_indicators_and_checklist():
    full = build()
    without = build(channels=["in_person", "phone", "email", "social_media"],
                    **{"service_levels": {k: v for k, v in LEVELS.items() if k != "web_chat"}})
    assert "remote.web_chat" in sections(full) and "remote.web_chat" not in sections(without)
    assert any(ri.clause_id == "remote.web_chat" for ri in full.indicators)
    assert not any(ri.clause_id == "remote.web_chat" for ri in without.indicators)
    assert not any(s.channel == "web_chat" for s in without.scenarios)
    text = "\n".join(without.document.text_lines()).lower()
    assert "web chat" not in text


def test_each_service_level_number_appears_in_norm_target_card_and_checklist():
    result = build()
    text = sections(result)
    table = [t for t in result.document.blocks if isinstance(t, Table) and len(t.header) == 7][0]
    targets = " ".join("".join(r.text for r in row[3]) for row in table.rows)
    checklist = " ".join(i.text for s in result.scenarios for i in s.items)
    card = text["app_card.card"]
    for clause, value in (("remote.phone", 23), ("remote.web_chat", 7), ("remote.social_media", 11),
                          ("remote.email", 9), ("environment.premises", 13)):
        pattern = rf"\b{value}\b"
        assert re.search(pattern, text[clause]), (clause, value)
        assert re.search(pattern, targets), ("target", value)
        assert re.search(pattern, checklist), ("checklist", value)
        assert re.search(pattern, card), ("card", value)


CHANNEL_WORDS = {
    "web_chat": {"en": r"web chat|chatbot", "lt": r"pokalb\w* internetu|pokalbių robot"},
    "social_media": {"en": r"social media|social network", "lt": r"socialini\w* tinkl"},
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
    result = assemble(validate_answers(data))
    # an employee's private conduct on social media is a rule whatever channels the organisation uses
    personal = re.compile(r"personal|private|asmenin|privač|discuss clients|neaptarinėja|politi", re.I)
    sentences = re.split(r"(?<=[.!?])\s+", "\n".join(result.document.text_lines()))
    found = [s[:120] for s in sentences
             if re.search(CHANNEL_WORDS[channel][lang], s, re.I) and not personal.search(s)]
    assert not found, found[:5]
