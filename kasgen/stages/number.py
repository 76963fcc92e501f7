"""Stage 3, number: every number of both documents, computed once from the selection.

Chapters are 1., 2. …; sections 4.1.; norms 4.1.2. (Word's list numbering linked to the styles
``Heading 1``, ``Heading 2`` and ``Clause`` shows exactly these); appendices have their own list
("1 priedas" / "Appendix 1") with sections 1.1. and norms 1.1.1. Front matter is unnumbered.
Texts, tables, cards and checklists cite these numbers through :meth:`Numbers.cite`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kasgen.registry.model import Norm
from kasgen.stages.select import OwnNorm, Selection


@dataclass
class Numbers:
    """The printed number of every part, section and norm, and the document each is in."""

    part: dict[str, str] = field(default_factory=dict)  # part id -> "4" (chapter) or "2" (appendix)
    section: dict[str, str] = field(default_factory=dict)  # section id -> "4.1."
    norm: dict[str, str] = field(default_factory=dict)  # norm id -> "4.1.2."
    document: dict[str, str] = field(default_factory=dict)  # any id -> "standard" | "annex"
    appendix: dict[str, str] = field(default_factory=dict)  # section/norm id -> its appendix number

    def number(self, ident: str) -> str:
        """The number as printed, without the final dot; empty when not in any document."""
        raw = self.norm.get(ident) or self.section.get(ident) or self.part.get(ident, "")
        return raw.rstrip(".")

    def cite(self, ident: str, from_document: str, labels: dict[str, str], from_appendix: str = "") -> str:
        """How running text in ``from_document`` cites a norm or section: "4.1.2", "1 priedo 2.3",
        "standarto 4.1.2"; empty when the id is in neither document. Within an appendix, its own
        sections are cited without repeating the appendix (``from_appendix``: its number)."""
        number = self.number(ident)
        if not number:
            return ""
        same_appendix = from_appendix and self.appendix.get(ident) == from_appendix
        if ident in self.appendix and ident not in self.part and not same_appendix:
            number = labels["appendix_cite"].replace("%1", self.appendix[ident]).replace("%2", number)
        target = self.document.get(ident)
        if target != from_document:
            number = labels[f"cite_{target}"].replace("%1", number)
        return number


def number(selection: Selection) -> Numbers:
    nums = Numbers()
    for document, parts in selection.documents.items():
        counters = {"chapter": 0, "appendix": 0}
        for chosen in parts:
            part = chosen.part
            nums.document[part.id] = document
            if part.kind == "front":
                top = ""
            else:
                counters[part.kind] += 1
                top = str(counters[part.kind])
                nums.part[part.id] = top
            for s_index, cs in enumerate(chosen.sections, start=1):
                sid = cs.section.id
                nums.document[sid] = document
                if not top:
                    continue
                section_no = f"{top}.{s_index}."
                nums.section[sid] = section_no
                if part.kind == "appendix":
                    nums.appendix[sid] = top
                n = 0
                for item in cs.items:
                    if isinstance(item, (Norm, OwnNorm)):
                        n += 1
                        nums.norm[item.id] = f"{section_no}{n}."
                        nums.document[item.id] = document
                        if part.kind == "appendix":
                            nums.appendix[item.id] = top
    return nums
