"""Word comments that ask the editor to confirm values kasgen chose (presets, default roles)."""

from __future__ import annotations

from kasgen.context import language_data


def field_name(path: str, lang: str) -> str:
    """A person's name for an answers path: "telefonas – atsiliepti per (signalų)"."""
    labels = language_data(lang)["labels"]
    parts = path.split(".")
    if parts[0] == "service_levels" and len(parts) == 3:
        channel = labels["levels"]["channels"].get(parts[1], parts[1])
        field = labels["levels"]["fields"].get(parts[2], parts[2])
        return f"{channel}: {field}"
    if parts[0] == "roles" and len(parts) == 2:
        return str(labels["roles"].get(parts[1], parts[1]))
    return path


def confirm_comment(paths: list[str], lang: str) -> str:
    """One comment for every value a norm printed that the organisation has not confirmed."""
    doc = language_data(lang)["labels"]["document"]
    names = "; ".join(field_name(p, lang) for p in paths)
    return str(doc["confirm"]).replace("{fields}", names)
