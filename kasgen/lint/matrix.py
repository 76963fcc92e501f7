"""A generated matrix of organisations that exercises every branch of the registry.

Every sector; with and without face-to-face service and phone; 0, 1 and 5 branches; each voice;
each size; each channel and client group at least once. Deterministic: the same list every run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasgen.domain import domain

_CHANNEL_SETS = [
    ["in_person", "phone", "email"],
    ["phone", "email", "web_form", "web_chat"],  # remote only
    ["in_person", "social_media"],  # no phone
    ["in_person", "phone", "email", "post", "web_form", "web_chat", "social_media"],
    ["email", "web_chat", "social_media"],  # online only, no phone
    ["in_person", "phone", "post"],
]
_VOICES = ["formal", "neutral", "warm", "friendly"]
_STAFF = {"micro": 6, "small": 30, "medium": 120, "large": 400}
_GROUP_SETS = [
    [],
    ["wheelchair_users", "elderly"],
    ["visually_impaired", "hearing_impaired", "intellectual_disability", "limited_mobility"],
    ["foreign_language", "families_with_children", "business_clients", "aggressive_or_intoxicated"],
]


def matrix_profiles() -> list[tuple[str, dict[str, Any]]]:
    """(name, answers) pairs; the answers are plain data for :func:`kasgen.answers.validate_answers`."""
    d = domain()
    out: list[tuple[str, dict[str, Any]]] = []
    sectors = list(d.sectors)
    kinds_by_sector = {s: [k for k, v in d.kinds.items() if s in v.sectors] for s in sectors}
    for i, sector in enumerate(sectors):
        size = ("micro", "small", "medium", "large")[i % 4]
        branches = [0, 1, 5][i % 3] if size != "micro" else 0
        channels = _CHANNEL_SETS[i % len(_CHANNEL_SETS)]
        kinds = kinds_by_sector[sector]
        answers: dict[str, Any] = {
            "organisation": {
                "name": f"Test {sector} organisation",
                "short_name": f"Test {sector}",
                "sector": sector,
                "kind": kinds[i % len(kinds)],
                "address": "Gedimino pr. 1, LT-01103 Vilnius",
                "phone": "+370 600 00000",
                "email": "info@example.lt",
                "website": "www.example.lt",
                "key_services": ["pirmoji paslauga", "antroji paslauga"],
                "staff": _STAFF[size] if branches <= 3 else max(_STAFF[size], 60),
            },
            "channels": channels,
            "client_groups": _GROUP_SETS[i % len(_GROUP_SETS)],
            "brand": {"voice": _VOICES[i % 4],
                      "form_of_address": ("formal", "first_name", "informal")[i % 3],
                      "words_to_use": ["žinoma", "mielai"] if i % 3 == 1 else [],
                      "words_to_avoid": ["negalima"] if i % 3 == 2 else [],
                      "signature_behaviours": ["Kiekvienam pasakome, kas bus toliau."] if i % 2 else []},
            "branches": [
                {"name": f"Padalinys {n}", "address": f"Gatvė {n}, Kaunas", "opening_hours": "I–V 8.00–17.00",
                 "escalation_contact": f"vadovas {n}, tel. +370 600 0000{n}"}
                for n in range(1, branches + 1)
            ],
            "document": {"effective_date": dt.date(2027, 1 + i % 12, 1).isoformat(), "language": "lt"},
        }
        if "social_media" in channels:
            answers["social_networks"] = ["Facebook"]
        if i % 3 == 0:
            answers["situations"] = [
                {"title": "Klientas klausia apie terminą", "what_to_do": ["Pasakome datą."],
                 "say": "Atsakysime iki penktadienio.", "never_say": "Nežinau."},
            ]
        if i % 5 == 1:
            answers["custom_client_groups"] = [
                {"name": "Studentai", "dos": ["Paaiškiname nuolaidas.", "Pasiūlome el. paslaugas."],
                 "donts": ["Neskubiname."], "phrase": "Ar turite studento pažymėjimą?"}]
        if i % 4 == 3:
            answers["monitoring"] = {"methods": ["satisfaction_survey", "hard_indicators"], "nps": True}
        if i % 4 == 2:
            answers["monitoring"] = {"methods": ["mystery_shopping", "hard_indicators", "social_media_monitoring",
                                                 "employee_assessment", "timeliness"], "pay_link": True}
        out.append((f"{i:02d}-{sector}-{size}-{branches}b", answers))
    return out


def _org(name: str, sector: str, kind: str, staff: int, **extra: Any) -> dict[str, Any]:
    return {"name": name, "short_name": name.split(" UAB")[0], "sector": sector, "kind": kind,
            "address": "Vilniaus g. 1, LT-01100 Vilnius", "phone": "+370 600 00000",
            "email": "info@example.lt", "staff": staff, **extra}


def _branches(n: int) -> list[dict[str, str]]:
    return [{"name": f"Skyrius Nr. {i}", "address": f"Gatvė {i}, Kaunas", "opening_hours": "I–V 8.00–17.00",
             "escalation_contact": f"vadovas, tel. +370 600 1{i:04d}"} for i in range(1, n + 1)]


def size_profiles() -> list[tuple[str, str, dict[str, Any]]]:
    """(size, name, answers) for organisations of every size that no sample shows, used to measure
    how long the standard is (issue: micro ≤ 12 pages, small ≤ 20, medium ≤ 30, large ≤ 40)."""
    doc = {"effective_date": "2027-03-01", "language": "lt"}
    return [
        ("micro", "bakery", {
            "organisation": _org("Duonos kepykla UAB", "retail", "shop", 5, key_services=["duona", "pyragai"]),
            "channels": ["in_person", "phone"], "client_groups": ["elderly"],
            "brand": {"voice": "warm"}, "document": doc}),
        ("micro", "online-shop", {
            "organisation": _org("Rankdarbių krautuvėlė UAB", "retail", "shop", 4),
            "channels": ["email", "web_chat", "social_media"], "social_networks": ["Instagram"],
            "brand": {"voice": "friendly"}, "document": doc}),
        ("small", "dental-clinic", {
            "organisation": _org("Šypsenos klinika UAB", "healthcare", "clinic", 22),
            "channels": ["in_person", "phone", "email"], "branches": _branches(1),
            "client_groups": ["elderly", "families_with_children", "limited_mobility"],
            "brand": {"voice": "warm"}, "document": doc}),
        ("small", "library", {
            "organisation": _org("Rajono viešoji biblioteka", "education", "library", 18, public_body=True),
            "channels": ["in_person", "phone", "email", "social_media"], "social_networks": ["Facebook"],
            "branches": _branches(2), "client_groups": ["elderly", "visually_impaired", "families_with_children"],
            "brand": {"voice": "neutral"}, "document": doc}),
        ("medium", "water-utility", {
            "organisation": _org("Vandens tiekimas UAB", "utility", "company", 110),
            "channels": ["in_person", "phone", "email", "web_form", "social_media"], "social_networks": ["Facebook"],
            "branches": _branches(1), "client_groups": ["elderly", "business_clients"],
            "brand": {"voice": "neutral"}, "document": doc}),
        ("medium", "regional-bank", {
            "organisation": _org("Regiono bankas UAB", "banking", "bank", 140),
            "channels": ["in_person", "phone", "email", "web_chat"], "branches": _branches(5),
            "client_groups": ["elderly", "foreign_language", "business_clients", "hearing_impaired"],
            "brand": {"voice": "formal"}, "document": doc}),
        ("large", "tax-agency", {
            "organisation": _org("Mokesčių inspekcija", "central_government", "agency", 900),
            "channels": ["in_person", "phone", "email", "post", "web_form", "web_chat", "social_media"],
            "social_networks": ["Facebook", "LinkedIn"], "branches": _branches(40),
            "client_groups": ["wheelchair_users", "visually_impaired", "hearing_impaired", "elderly",
                              "foreign_language", "business_clients", "aggressive_or_intoxicated"],
            "brand": {"voice": "formal"}, "document": doc}),
    ]
