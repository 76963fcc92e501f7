"""Word comments that ask the editor to confirm values kasgen chose (presets, default roles).

A field is named as the interview names it (:func:`kasgen.labels.field_label`), never by its path.
"""

from __future__ import annotations

from kasgen.context import language_data
from kasgen.labels import field_label


def confirm_comment(paths: list[str], lang: str) -> str:
    """One comment for every value a norm printed that the organisation has not confirmed."""
    doc = language_data(lang)["labels"]["document"]
    names = "; ".join(field_label(p, lang) for p in paths)
    return str(doc["confirm"]).replace("{fields}", names)
