"""The change report: which part of the standard, what happened to it, and why.

Written in the document's language, as a Markdown table a person can read in any editor; the
terminal shows its summary and the lines for parts that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kasgen.resources import data_dir, load_yaml
from kasgen.update import plan as P
from kasgen.update.plan import UnitPlan


@lru_cache(maxsize=4)
def messages(lang: str) -> dict[str, Any]:
    """The update's words in one language (English where the language has none)."""
    data = load_yaml(data_dir("templates") / "update.yaml")
    return data.get(lang) or data["en"]


@dataclass
class ChangeReport:
    lang: str
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # part, action, reason
    summary: str = ""
    notes: list[str] = field(default_factory=list)
    changed: int = 0
    conflicts: int = 0

    def markdown(self) -> str:
        words = messages(self.lang)["report"]
        out = [f"# {words['title']}", "", self.summary, ""]
        out += [f"- {note}" for note in self.notes]
        if self.notes:
            out.append("")
        out.append(f"| {words['column_part']} | {words['column_action']} | {words['column_reason']} |")
        out.append("|---|---|---|")
        out += [f"| {_cell(p)} | {_cell(a)} | {_cell(r)} |" for p, a, r in self.lines]
        return "\n".join(out) + "\n"

    def terminal(self) -> list[str]:
        """The summary, the notes and one line per part that changed."""
        unchanged = messages(self.lang)["actions"][P.UNCHANGED]
        rows = [f"  {p}: {a} ({r})" for p, a, r in self.lines if a != unchanged]
        return [self.summary, *[f"  {n}" for n in self.notes], *rows]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def build_report(lang: str, plans: list[UnitPlan], *, loose: int, pending: int,
                 by_bookmark: int, no_manifest: bool, other_template: bool) -> ChangeReport:
    words = messages(lang)
    report = ChangeReport(lang)
    kept = 0
    for plan in plans:
        if plan.action == P.KEPT and plan.status == "dropped" and not plan.title:
            continue  # not kasgen's: the editor's own control
        name = f"{plan.number} {plan.title}".strip() or words["report"].get(plan.kind, plan.key)
        reason = words["reasons"][plan.action].replace("{n}", str(plan.conflicts))
        report.lines.append((name, words["actions"][plan.action], reason))
        report.changed += plan.changes_document
        report.conflicts += plan.conflicts
        kept += plan.action in (P.KEPT, P.MERGED, P.CONFLICT, P.FLAGGED)
    text = words["report"]
    report.summary = (text["summary"].replace("{changed}", str(report.changed))
                      .replace("{total}", str(len(report.lines)))
                      .replace("{conflicts}", str(report.conflicts)).replace("{kept}", str(kept)))
    for flag, key, n in ((no_manifest, "no_manifest", 0), (other_template, "other_template", 0),
                         (by_bookmark, "found_by_bookmark", by_bookmark),
                         (pending, "pending", pending), (loose, "editor_text", loose)):
        if flag:
            report.notes.append(text[key].replace("{n}", str(n)))
    return report
