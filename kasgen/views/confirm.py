"""Word comments that ask the editor to confirm values kasgen chose (presets, default roles).

A field is named as the interview names it (:func:`kasgen.labels.field_label`), never by its path.
"""

from __future__ import annotations

from kasgen.context import language_data
from kasgen.document import Block, Para
from kasgen.labels import field_label


def confirm_comment(paths: list[str], lang: str) -> str:
    """One comment for every value a norm printed that the organisation has not confirmed."""
    doc = language_data(lang)["labels"]["document"]
    names = "; ".join(field_label(p, lang) for p in paths)
    return str(doc["confirm"]).replace("{fields}", names)


def ask_to_confirm(blocks: list[Block], paths: list[str], lang: str) -> None:
    """Attach the request to the first paragraph of ``blocks``: the Word comment, and the paths
    themselves, which the build reports (:meth:`kasgen.document.Document.unconfirmed`)."""
    if not paths:
        return
    first = next((b for b in blocks if isinstance(b, Para)), None)
    if first is not None:
        first.comments.append(confirm_comment(paths, lang))
        first.confirm.extend(paths)
