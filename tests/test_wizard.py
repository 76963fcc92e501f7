"""The interview, driven through the real questionary prompts with a prompt_toolkit pipe input."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

prompt_toolkit = pytest.importorskip("prompt_toolkit")
from prompt_toolkit.input import create_pipe_input  # noqa: E402
from prompt_toolkit.output import DummyOutput  # noqa: E402

from kasgen.answers import load_profile  # noqa: E402
from kasgen.wizard import InterviewInterrupted, TerminalAsker, run_interview  # noqa: E402
from tests.helpers import python_output  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ENTER, DOWN, END, CTRL_C, CLEAR = "\r", "\x1b[B", "\x1b[F", "\x03", "\x15"
YES, NO = "t\r", "n\r"          # yes/no questions need Enter; "t" (taip) and "y" both mean yes
BACK = END + ENTER             # "← Back", the last entry of a menu


def line(text: str = "") -> str:
    """A typed text answer (after clearing any default in the field)."""
    return CLEAR + text + ENTER


def pick(n: int) -> str:
    """Choose the n-th entry (0-based) of a select list whose pointer starts at the top."""
    return DOWN * n + ENTER


def tick(*positions: int) -> str:
    """Tick checkbox entries (0-based positions, ascending) and confirm."""
    keys, at = "", 0
    for p in positions:
        keys += DOWN * (p - at) + " "
        at = p
    return keys + ENTER


def interview(path: Path, *keys: str, lang: str = "en", edit: bool = False):
    """Run the interview on ``path`` with the keystrokes; return (result, what it said)."""
    said = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()          # when the keys run out, the prompt ends (EOF) instead of waiting
        asker = TerminalAsker(input=pipe, output=DummyOutput(), stream=said)
        result = run_interview(path, lang=lang, edit=edit, asker=asker, offer_build=False)
    return result, said.getvalue()


# A healthcare provider (public status asked), three channels, no branches. Split in parts so tests
# can change one and interrupt between them.
START = [ENTER]  # document language: the interview's (en)
ORGANISATION = [line("Acme Clinic"), line("Acme"), pick(3), NO, ENTER, line("Main St 1, Vilnius"),
                line(), line(), line(), line(), line("info@acme.lt"), line("check-ups; vaccination")]
SIZE = [line("12"), line()]                     # staff; contacts a year unknown
CHANNELS = [tick(0, 1, 2)]                      # in person, phone, e-mail
LEVELS = [ENTER] * 3 + [ENTER] * 4 + [ENTER] * 2 + [ENTER] * 2   # presets accepted
BRANCHES = [NO]
CLIENTS = [ENTER, NO]                           # no groups, no custom group
BRAND = [ENTER, line("care; respect"), line(), line(), line()]
SITUATIONS = [NO]
ROLES = [line(), line(), line(), line(), line()]
MONITORING = [ENTER, ENTER, ENTER, ENTER]
DOCUMENT = [line(), ENTER, ENTER, line("2027-01-01"), line(), line()]   # status: draft
REVIEW_OK = [ENTER]


def full(**replace: list[str]) -> list[str]:
    parts = dict(START=START, ORGANISATION=ORGANISATION, SIZE=SIZE, CHANNELS=CHANNELS, LEVELS=LEVELS,
                 BRANCHES=BRANCHES, CLIENTS=CLIENTS, BRAND=BRAND, SITUATIONS=SITUATIONS, ROLES=ROLES,
                 MONITORING=MONITORING, DOCUMENT=DOCUMENT, REVIEW=REVIEW_OK)
    parts.update(replace)
    return [k for part in parts.values() for k in part]


def test_full_interview_writes_a_valid_commented_answers_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    result, said = interview(path, *full())

    assert result.complete and result.path == path
    profile = load_profile(path)
    assert profile.organisation.name == "Acme Clinic"
    assert profile.organisation.sector.value == "healthcare"
    assert profile.organisation.public_body is False
    assert [c.value for c in profile.channels] == ["in_person", "phone", "email"]
    assert profile.organisation.key_services == ["check-ups", "vaccination"]
    # healthcare preset (private): greeting within 30 s, phone answered within 3 rings
    assert profile.service_levels.in_person.greet_within_seconds == 30
    assert profile.service_levels.phone.answer_within_rings == 3
    assert profile.document.language.value == "en"
    text = path.read_text(encoding="utf-8")
    assert "# The sector decides which rules apply" in text
    assert text.index("organisation:") < text.index("channels:") < text.index("document:")
    assert "Healthcare · question" not in said and "Organisation · question 2 of" in said


def test_lithuanian_interview_keeps_lithuanian_letters(tmp_path: Path) -> None:
    path = tmp_path / "lt.yaml"
    organisation = [line("UAB „Kavos namai“"), line("Kavos namai"), pick(11), ENTER,
                    line("Laisvės al. 52, Kaunas"), line(), line(), line(), line(), line(),
                    line("kava; užkandžiai")]
    result, said = interview(path, *full(ORGANISATION=organisation), lang="lt")

    assert result.complete
    text = path.read_text(encoding="utf-8")
    assert "name: UAB „Kavos namai“" in text and "Laisvės al. 52" in text
    assert "\\u" not in text
    assert "# Taip, kaip bus parašyta titulinio puslapio viršuje." in text
    assert "Organizacija · klausimas 2 iš" in said
    assert load_profile(path).document.language.value == "lt"   # default: the interview's language


def test_invalid_answer_is_reasked_with_the_message(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    levels = ([ENTER] * 3
              + [line("30"), line("4")]             # rings: out of range, then fine
              + [line("5"), line("20")]             # seconds: fewer than 4 rings take, then fine
              + [ENTER] * 2 + [ENTER] * 2 + [ENTER] * 2)
    result, said = interview(path, *full(LEVELS=levels))

    assert "  must be between 1 and 10, not 30" in said          # the question on screen: no label
    assert "  5 s is less time than 4 rings take" in said
    assert "service_levels" not in said
    phone = yaml.safe_load(path.read_text(encoding="utf-8"))["service_levels"]["phone"]
    assert phone["answer_within_rings"] == 4 and phone["answer_within_seconds"] == 20


def test_empty_required_answer_is_reasked(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    organisation = [line(""), line("Acme Clinic"), *ORGANISATION[1:]]
    result, said = interview(path, *full(ORGANISATION=organisation))
    assert "  must not be empty" in said and "organisation.name" not in said
    assert load_profile(path).organisation.name == "Acme Clinic"


def test_conditional_questions_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    # a municipality is always public: no public-body question; no social media: no networks question
    organisation = [line("Town Hall"), line("Town"), pick(0), line("Square 1"), line(), line(), line(),
                    line(), line(), line()]
    result, said = interview(path, *full(ORGANISATION=organisation))

    assert result.complete
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "public_body" not in data["organisation"]
    assert "social_networks" not in data
    assert "Do public-sector rules apply" not in said and "Which social networks" not in said
    # public preset: e-mail answered within 10 working days, not the private 3
    assert data["service_levels"]["email"]["reply_within_working_days"] == 10


def test_branches_loop_adds_each_branch(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    branch = [line("Old Town"), line("Pilies g. 1"), line("Mon–Fri 8–17"), line("ramp; lift"),
              line("manager, +370 600 00000"), line(), line()]
    second = [line("New Town"), line("Ukmergės g. 2"), line("Mon–Thu 8–17"), line(),
              line("manager"), line("+370 5 000 0000"), line()]
    result, said = interview(path, *full(BRANCHES=[YES, *branch, "y" + ENTER, *second, NO]))

    assert result.complete
    branches = load_profile(path).branches
    assert [b.name for b in branches] == ["Old Town", "New Town"]
    assert branches[0].accessibility == ["ramp", "lift"] and branches[1].phone == "+370 5 000 0000"
    assert "Branches: 1. Old Town; 2. New Town" in said                  # the review's summary
    assert "Branches · Branch no. 2 · question 3 of 7" in said        # a counter inside the group
    assert "For example, Mon–Thu 8.00–17.00" in said                   # and each question's help


def test_review_changes_an_answer(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    # review: entry 2 is the section "Organisation"; its entry 1 is the short name
    review = [pick(2), pick(1), line("Acme Health"), BACK, ENTER]
    result, said = interview(path, *full(REVIEW=review))

    assert load_profile(path).organisation.short_name == "Acme Health"
    assert said.count("Review: all answers") == 1          # the summary is not reprinted
    assert "Changed – Short name: Acme Health" in said


def test_review_adding_a_channel_asks_its_service_levels(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    # review: section "Service channels" (entry 4), its first question; tick social media (last)
    review = [pick(4), pick(0), DOWN * 6 + " " + ENTER, line("Facebook"), ENTER, BACK, ENTER]
    result, said = interview(path, *full(REVIEW=review))

    profile = load_profile(path)
    assert profile.social_networks == ["Facebook"]
    assert profile.service_levels.social_media.reply_within_hours == 4


def test_review_shows_cross_field_rule_and_reasks_the_field(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    organisation = [line("Town Hall"), line("Town"), pick(0), line("Square 1"), line(), line(), line(),
                    line(), line(), line()]
    # e-mail reply in 30 working days passes the field's own range (1–60) but not the public-body rule
    levels = [ENTER] * 3 + [ENTER] * 4 + [ENTER, line("30")] + [ENTER] * 2
    review = [ENTER, line("15"), ENTER]          # "Fix: ..." is the first entry
    result, said = interview(path, *full(ORGANISATION=organisation, LEVELS=levels, REVIEW=review))

    assert "E-mail: reply within, working days: a public body must reply within 20" in said
    assert result.complete
    assert load_profile(path).service_levels.email.reply_within_working_days == 15


def test_interrupted_interview_resumes_to_the_same_file(tmp_path: Path) -> None:
    (tmp_path / "whole").mkdir()
    (tmp_path / "resumed").mkdir()
    whole = tmp_path / "whole" / "answers.yaml"
    interview(whole, *full())

    resumed = tmp_path / "resumed" / "answers.yaml"
    first = START + ORGANISATION + SIZE + CHANNELS + LEVELS[:5]
    with pytest.raises(InterviewInterrupted):
        interview(resumed, *first, CTRL_C)
    partial = yaml.safe_load(resumed.read_text(encoding="utf-8"))
    assert partial["organisation"]["name"] == "Acme Clinic"
    assert partial["service_levels"]["phone"] == {"answer_within_rings": 3, "answer_within_seconds": 15}

    rest = full()[len(first):]
    result, said = interview(resumed, *rest)
    assert "Resuming" in said
    assert resumed.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")


def test_interrupted_inside_branches_resumes_with_another_branch(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    branch = [line("Old Town"), line("Pilies g. 1"), line("Mon–Fri"), line(), line("manager")]
    head = START + ORGANISATION + SIZE + CHANNELS + LEVELS + [YES] + branch
    with pytest.raises(InterviewInterrupted) as stopped:
        interview(path, *head, CTRL_C)
    assert "Interrupted at “Branch no. 1 → phone”" in stopped.value.hint
    # resume: the unfinished branch's last two questions, then "add another branch?"
    tail = [line(), line(), NO, *CLIENTS, *BRAND, *SITUATIONS, *ROLES, *MONITORING, *DOCUMENT, *REVIEW_OK]
    result, said = interview(path, *tail)
    assert "Next: Branch no. 1 → phone." in said
    assert result.complete
    assert [b.name for b in load_profile(path).branches] == ["Old Town"]


def test_edit_walks_every_question_with_current_answers_as_defaults(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    interview(path, *full())
    before = path.read_text(encoding="utf-8")
    # every question again, each accepted with Enter (the yes/no questions too: their default is
    # the current answer); a group shows its menu only if it has items, otherwise "any branches?"
    keys = [ENTER] * (1 + 12 + 2 + 1 + 11 + 1 + 2 + 5 + 1 + 5 + 4 + 6 + 1)
    result, said = interview(path, *keys, edit=True)
    assert result.complete
    assert path.read_text(encoding="utf-8") == before


def test_sample_resumes_straight_to_the_review(tmp_path: Path) -> None:
    path = tmp_path / "cafe.yaml"
    path.write_text((ROOT / "samples" / "cafe-lt.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    before = load_profile(path)
    # only the questions the sample leaves out are asked (roles, monitoring, ...), Enter for each
    result, said = interview(path, *([ENTER] * 40), lang="lt")
    assert result.complete
    after = load_profile(path)
    assert after.organisation == before.organisation and after.branches == before.branches
    assert after.service_levels.phone.answer_within_rings == 5      # the sample's own answers stay
    assert after.brand == before.brand


def test_no_terminal_exits_2_at_once(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    done = subprocess.run([sys.executable, "-m", "kasgen", "interview", str(path)], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=20)
    assert done.returncode == 2
    assert "kasgen build ANSWERS.yaml" in done.stderr and "not a TTY" in done.stderr
    assert not path.exists()


def test_interview_path_imports_no_word_machinery() -> None:
    code = (
        "import sys, kasgen.cli, kasgen.wizard, kasgen.wizard.review, kasgen.wizard.checks as c;"
        "c.preload(); c._models();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'docx', 'docxtpl', 'lxml'}"
        " or m in {'kasgen.build', 'kasgen.assemble', 'jinja2'}))"
    )
    assert python_output(code, timeout=30).strip() == "[]"


BACKSPACE, HOME = "\x7f", "\x1b[H"


def test_a_rejected_answer_is_offered_again_for_editing(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    long_name = "Valstybinė " + "labai ilgo pavadinimo " * 23 + "įstaiga"            # 524 characters
    organisation = [line(long_name), BACKSPACE * 24 + ENTER, *ORGANISATION[1:]]
    brand = [ENTER, line("a; b; c; d; e; f; g; h"), BACKSPACE * 3 + ENTER, line(), line(), line()]
    result, said = interview(path, *full(ORGANISATION=organisation, BRAND=brand))
    assert result.complete
    profile = load_profile(path)
    assert profile.organisation.name == long_name[:-24].strip() and len(profile.organisation.name) <= 500
    assert profile.brand.values == ["a", "b", "c", "d", "e", "f", "g"]
    assert "is too long (at most 500 characters)" in said
    assert "must list at most 7 item(s), not 8" in said


def test_progress_counts_up_by_one_within_each_section(tmp_path: Path) -> None:
    import re

    result, said = interview(tmp_path / "answers.yaml", *full())
    seen: dict[str, list[tuple[int, int]]] = {}
    for section, k, n in re.findall(r"^(.+?) · question (\d+) of (\d+)$", said, flags=re.M):
        seen.setdefault(section, []).append((int(k), int(n)))
    assert len(seen) >= 10
    for section, steps in seen.items():
        ks = [k for k, _ in steps]
        ns = [n for _, n in steps]
        assert ks == list(range(ks[0], ks[0] + len(ks))), (section, steps)      # never jumps
        assert all(a >= b for a, b in zip(ns, ns[1:])), (section, steps)        # never grows
        assert all(k <= n for k, n in steps), (section, steps)
    assert re.search(r"^── \d+/12 · Organisation ──$", said, flags=re.M)


def test_ctrl_c_at_the_first_question_creates_no_file_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    with pytest.raises(InterviewInterrupted) as stopped:
        interview(path, CTRL_C)
    assert "No question was answered yet, so" in stopped.value.hint and "was not created" in stopped.value.hint
    assert not path.exists()


def test_situations_are_asked_as_a_group_with_a_suggested_count(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    situation = [line("Caller asks about a relative's benefit"), line(), line("explain; offer a call back"),
                 line(), line(), ENTER]                                        # any channel
    # after the first, Enter adds another: below the suggested 3 the default answer is yes
    situations = [YES, *situation, ENTER, *situation[:-1], pick(2), NO]          # 2nd: phone
    result, said = interview(path, *full(SITUATIONS=situations))
    assert result.complete
    saved = load_profile(path).situations
    assert [s.channel.value if s.channel else None for s in saved] == [None, "phone"]
    assert saved[1].what_to_do == ["explain", "offer a call back"]
    assert "Typical situations · Situation no. 2 · question 6 of 6" in said
    assert "one of your organisation's own norms" in said                      # the help explains it


def test_own_group_hints_ask_for_what_the_profile_requires(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    group = [YES, line("Farmers"), line("speak plainly"), line("speak plainly; offer a form"), line("rush"),
             line("How can I help with the declaration?"), line(), NO]
    result, said = interview(path, *full(CLIENTS=[ENTER, *group]))
    assert result.complete
    assert "Give at least 2." in said and "must list at least 2 item(s), not 1" in said
    after_help = said[said.index("At least two pieces of advice"):].splitlines()[1]
    assert "Give at least 2." in after_help and "Empty – none" not in after_help
    assert load_profile(path).custom_client_groups[0].dos == ["speak plainly", "offer a form"]


def test_the_file_remembers_the_interview_language_and_an_editor_schema_line(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    first = START + ORGANISATION[:2]
    with pytest.raises(InterviewInterrupted):
        interview(path, *first, CTRL_C, lang="en")
    text = path.read_text(encoding="utf-8")
    assert "interview:\n" in text and "  language: en" in text
    path.write_text("# yaml-language-server: $schema=./kasgen.schema.json\n" + text, encoding="utf-8")
    said = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join(full()[len(first):]))
        pipe.close()
        asker = TerminalAsker(input=pipe, output=DummyOutput(), stream=said)
        run_interview(path, asker=asker, offer_build=False)                   # no lang given
    assert "Resuming" in said.getvalue() and "Next: Sector." in said.getvalue()
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=./kasgen.schema.json\n")


class Recording(TerminalAsker):
    """The real prompts, remembering what each menu offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.menus: list[tuple[str, list[str]]] = []

    def select(self, message, options, default=None):
        self.menus.append((message, [o.title for o in options]))
        return super().select(message, options, default)


def test_review_tells_duplicate_branches_apart_and_stays_in_the_section(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    branch = [line("Centre"), line("Pilies g. 1"), line("Mon–Fri"), line(), line("manager"), line(), line()]
    second = [line("Centre"), line("Ukmergės g. 2"), line("Mon–Fri"), line(), line("manager"), line(), line()]
    # review: "Fix – branches" (the duplicate names) opens the branches; pick no. 2, change its name
    review = [ENTER, HOME + DOWN + ENTER, ENTER, line("North"), BACK, END + ENTER, ENTER]
    said = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join(full(BRANCHES=[YES, *branch, YES, *second, NO], REVIEW=review)))
        pipe.close()
        asker = Recording(input=pipe, output=DummyOutput(), stream=said)
        result = run_interview(path, lang="en", asker=asker, offer_build=False)
    assert result.complete
    assert [b.name for b in load_profile(path).branches] == ["Centre", "North"]
    branch_menu = next(options for message, options in asker.menus if message.startswith("Branches –"))
    assert branch_menu[:2] == ["Branch no. 1: Centre", "Branch no. 2: Centre"]
    item_menus = [m for m, _ in asker.menus if m.startswith("Branch no. 2")]
    assert len(item_menus) == 2            # after the change, the same branch's answers again


class Scripted:
    """An asker without a terminal: answers every yes/no with no and records what was said."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.asked: list[str] = []

    def localize(self, words) -> None:
        pass

    def confirm(self, message: str, default: bool) -> bool:
        self.asked.append(message)
        return False

    def say(self, text: str, kind: str = "info") -> None:
        self.said.append(text)


def test_no_more_situations_are_offered_than_the_standard_takes(tmp_path: Path) -> None:
    from kasgen.wizard.groups import ask_group
    from kasgen.wizard.questions import load_questionnaire
    from kasgen.wizard.session import Interview

    questionnaire = load_questionnaire()
    group = next(q for _, q in questionnaire.questions() if q.field == "situations")
    item = {"title": "t", "what_happens": None, "what_to_do": ["x"], "say": None, "never_say": None,
            "channel": None}
    asker = Scripted()
    nine = Interview(questionnaire, tmp_path / "a.yaml", {"situations": [dict(item)] * 9}, asker, lang="en")
    ask_group(nine, group)
    assert asker.asked == ["Add another situation? (9 so far; 3–10 suggested)"]
    asker = Scripted()
    ten = Interview(questionnaire, tmp_path / "b.yaml", {"situations": [dict(item)] * 10}, asker, lang="en")
    ask_group(ten, group)
    assert asker.asked == [] and "10 entered – that is the most the standard takes." in asker.said


def test_a_resume_right_before_a_group_says_where_it_continues(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    head = START + ORGANISATION + SIZE + CHANNELS + LEVELS
    with pytest.raises(InterviewInterrupted):
        interview(path, *head, CTRL_C)                      # stopped at "any branches?"
    result, said = interview(path, *full()[len(head):])
    assert result.complete and "Next: Branches." in said


def test_only_the_kinds_of_the_answered_sector_are_offered(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    said = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join(full()))              # healthcare: the kind question takes the default
        pipe.close()
        asker = Recording(input=pipe, output=DummyOutput(), stream=said)
        result = run_interview(path, lang="en", asker=asker, offer_build=False)
    assert result.complete
    kinds = next(options for message, options in asker.menus if message == "What kind of organisation is it?")
    assert "clinic or health centre" in kinds and "hospital" in kinds and "as the sector says" in kinds
    assert "café" not in kinds and "library" not in kinds and "bank" not in kinds


def test_the_interview_modules_leave_pydantic_to_the_background_thread() -> None:
    """pydantic (and the domain data it validates) is loaded after the first question is shown."""
    code = ("import sys, kasgen.cli, kasgen.wizard, kasgen.wizard.review, kasgen.wizard.session;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' or m == 'kasgen.domain'))")
    assert python_output(code, timeout=30).strip() == "[]"
