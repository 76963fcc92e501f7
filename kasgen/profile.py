"""The organisation profile: what the answers file says, validated.

Every model forbids unknown keys, so a misspelt key in a hand-edited answers file is an error that
names the key. Cross-field rules (a service level for a channel that is not used, an
acknowledgement slower than the reply, a public body promising more than the legal deadline) live
in :class:`Profile`'s validators, so the wizard and ``kasgen build`` apply the same rules.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from kasgen.domain import domain

#: Legal maximum for a public body's written reply in Lithuania (working days), resolution No 875.
LEGAL_REPLY_WORKING_DAYS = 20

#: Characters a Word document (XML 1.0) cannot hold or that are invisible control codes: C0 controls
#: other than tab and line feed, DEL and the C1 controls, surrogates, U+FFFE and U+FFFF.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _writable(value: str) -> str:
    """Refuse text that would make the Word file invalid (python-docx/lxml reject these)."""
    found = _UNWRITABLE.search(value)
    if found:
        char = found.group()
        kind = "a control character" if unicodedata.category(char) == "Cc" else "a non-character"
        raise ValueError(
            f"contains {kind} (U+{ord(char):04X}) at character {found.start() + 1}, "
            "which a Word document cannot hold; remove it"
        )
    return value


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(_writable),
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_writable),
]

#: Characters of a phone number as people write them: digits, spaces, +, brackets, dashes, dots, /.
_PHONE = re.compile(r"\+?[0-9 ()./\u2011-]+")
#: An e-mail address: something, one @, a domain with a dot; no spaces.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def _phone_number(value: str) -> str:
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.fullmatch(value) or not 3 <= digits <= 15:
        raise ValueError(
            f"must be a phone number (digits, spaces, +, brackets or dashes), not {value[:60]!r}"
        )
    return value


def _email_address(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"must be an e-mail address such as info@example.lt, not {value[:60]!r}")
    return value


PhoneNumber = Annotated[Text, AfterValidator(_phone_number)]
EmailAddress = Annotated[Text, AfterValidator(_email_address)]


class Strict(BaseModel):
    """Base for every answers-file model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False, str_strip_whitespace=True)


if TYPE_CHECKING:

    class Sector(str, Enum):
        """The sectors of ``templates/domain/sectors.yaml``."""

    class ClientGroup(str, Enum):
        """The client groups of ``templates/domain/groups.yaml``."""

    class Kind(str, Enum):
        """The kinds of organisation of ``templates/domain/kinds.yaml``."""

else:
    # Sectors and client groups are data: a new one needs no Python.
    Sector = Enum("Sector", {name: name for name in domain().sectors}, type=str)
    Kind = Enum("Kind", {name: name for name in domain().kinds}, type=str)
    ClientGroup = Enum("ClientGroup", {name: name for name in domain().groups}, type=str)

#: Sectors that are public bodies by definition; others may say so with ``organisation.public_body``.
ALWAYS_PUBLIC = {Sector(k) for k, v in domain().sectors.items() if v.public == "always"}
NEVER_PUBLIC = {Sector(k) for k, v in domain().sectors.items() if v.public == "never"}


class Channel(str, Enum):
    in_person = "in_person"
    phone = "phone"
    email = "email"
    post = "post"
    web_form = "web_form"
    web_chat = "web_chat"
    social_media = "social_media"


class Voice(str, Enum):
    formal = "formal"
    neutral = "neutral"
    warm = "warm"
    friendly = "friendly"


class Language(str, Enum):
    lt = "lt"
    en = "en"


class Organisation(Strict):
    """Identity of the organisation."""

    name: Text = Field(description="Full official name, as on the cover page.")
    short_name: Text = Field(description="Short name used in running text.")
    sector: Sector
    public_body: bool | None = Field(
        default=None,
        description="Whether public-sector rules apply; derived from the sector when omitted.",
    )
    address: Text
    opening_hours: Text | None = Field(default=None, description="When the main office serves clients.")
    accessibility: list[Text] = Field(
        default=[], description="What the main office offers: step-free entrance, induction loop…"
    )
    website: Text | None = None
    phone: PhoneNumber | None = None
    email: EmailAddress | None = None
    kind: Kind | None = Field(
        default=None,
        description="What kind of organisation it is (templates/domain/kinds.yaml): cafe, shop, "
        "hotel, clinic, library...; sets the noun the standard uses for it. Default: the sector's.",
    )
    key_services: list[Text] = Field(
        default=[], description="The services clients most often come for."
    )
    staff: int | None = Field(
        default=None, ge=1, le=1_000_000,
        description="How many employees serve clients (front line and their managers).",
    )
    contacts_per_year: int | None = Field(
        default=None, ge=0, le=1_000_000_000,
        description="Roughly how many client contacts a year, all channels together.",
    )
    size: Literal["micro", "small", "medium", "large"] | None = Field(
        default=None,
        description="Overrides the size derived from staff and sites; it sets the standard's depth.",
    )

    @property
    def is_public(self) -> bool:
        if self.public_body is not None:
            return self.public_body
        return self.sector in ALWAYS_PUBLIC

    @property
    def effective_kind(self) -> str:
        return self.kind.value if self.kind else domain().default_kind(self.sector.value)

    @model_validator(mode="after")
    def _kind_fits_sector(self) -> Organisation:
        if self.kind is None:
            return self
        kinds = domain().kinds
        if self.sector.value not in kinds[self.kind.value].sectors:
            fits = sorted(k for k, v in kinds.items() if self.sector.value in v.sectors)
            raise ValueError(
                f"kind: a {self.kind.value} is not in the {self.sector.value} sector; "
                f"choose one of {', '.join(fits)}"
            )
        return self

    @model_validator(mode="after")
    def _public_matches_sector(self) -> Organisation:
        if self.public_body is False and self.sector in ALWAYS_PUBLIC:
            raise ValueError(f"public_body: a {self.sector.value} is always a public body")
        if self.public_body is True and self.sector in NEVER_PUBLIC:
            raise ValueError(f"public_body: the {self.sector.value} sector is not a public body")
        return self


class InPersonLevels(Strict):
    greet_within_seconds: int = Field(ge=1, le=300)
    max_wait_minutes: int = Field(ge=1, le=240)
    appointment_wait_minutes: int | None = Field(default=None, ge=0, le=60)


class PhoneLevels(Strict):
    answer_within_rings: int = Field(ge=1, le=10)
    answer_within_seconds: int = Field(ge=5, le=600)
    max_hold_seconds: int = Field(default=60, ge=10, le=600)
    callback_within_hours: int = Field(default=24, ge=1, le=120)

    @model_validator(mode="after")
    def _rings_match_seconds(self) -> PhoneLevels:
        # Rings and seconds are one promise in two units, so they must agree both ways: a ring
        # cycle lasts about 5 seconds (1 s tone, 4 s pause), so n rings take between 3n seconds
        # (the first ring comes at once) and 5n + 10 seconds (a slow exchange).
        rings, seconds = self.answer_within_rings, self.answer_within_seconds
        low, high = seconds_for_rings(rings)
        if seconds < low:
            raise ValueError(
                f"answer_within_seconds: {seconds} s is less time than "
                f"{rings} rings take (about {rings * 5} s)"
            )
        if seconds > high:
            raise ValueError(
                f"answer_within_seconds: {seconds} s is much longer than {rings} rings take "
                f"(about {rings * 5} s); give {low}–{high} s or more rings"
            )
        return self


def seconds_for_rings(rings: int) -> tuple[int, int]:
    """The answer times (seconds) that agree with answering within ``rings`` rings."""
    return max(5, rings * 3), rings * 5 + 10


class WrittenLevels(Strict):
    acknowledge_within_working_days: int = Field(ge=0, le=10)
    reply_within_working_days: int = Field(ge=1, le=60)

    @model_validator(mode="after")
    def _ack_before_reply(self) -> WrittenLevels:
        if self.acknowledge_within_working_days > self.reply_within_working_days:
            raise ValueError(
                f"acknowledge_within_working_days: acknowledgement ({self.acknowledge_within_working_days})"
                f" is later than the reply ({self.reply_within_working_days} working days)"
            )
        return self


class ChatLevels(Strict):
    first_reply_within_minutes: int = Field(ge=1, le=60)
    hours: Text | None = Field(default=None, description="When a person answers the chat.")


class SocialLevels(Strict):
    reply_within_hours: int = Field(ge=1, le=168)


class ComplaintLevels(Strict):
    acknowledge_within_working_days: int = Field(ge=0, le=10)
    resolve_within_working_days: int = Field(ge=1, le=60)

    @model_validator(mode="after")
    def _ack_before_resolution(self) -> ComplaintLevels:
        if self.acknowledge_within_working_days > self.resolve_within_working_days:
            raise ValueError(
                "acknowledge_within_working_days: acknowledgement is later than the resolution"
            )
        return self


class ServiceLevels(Strict):
    """Numeric promises per channel; a channel that is used but has none gets the sector preset."""

    in_person: InPersonLevels | None = None
    phone: PhoneLevels | None = None
    email: WrittenLevels | None = None
    post: WrittenLevels | None = None
    web_form: WrittenLevels | None = None
    web_chat: ChatLevels | None = None
    social_media: SocialLevels | None = None
    complaints: ComplaintLevels | None = None


class Branch(Strict):
    name: Text
    address: Text
    opening_hours: Text
    accessibility: list[Text] = []
    escalation_contact: Text
    phone: PhoneNumber | None = None
    email: EmailAddress | None = None


class CustomClientGroup(Strict):
    """A client group the built-in list lacks, with the organisation's own guidance."""

    name: Text
    dos: list[Text] = Field(min_length=2)
    donts: list[Text] = Field(min_length=1)
    phrase: Text
    arrangement: Text | None = None


class BrandVoice(Strict):
    voice: Voice = Voice.neutral
    form_of_address: Literal["formal", "first_name", "informal"] | None = Field(
        default=None, description="How clients are addressed; derived from the voice when omitted."
    )
    values: list[Text] = Field(default=[], max_length=7)
    signature_behaviours: list[Text] = Field(default=[], max_length=7)
    words_to_use: list[Text] = []
    words_to_avoid: list[Text] = []

    @property
    def address_form(self) -> str:
        if self.form_of_address:
            return self.form_of_address
        return {"formal": "formal", "neutral": "formal", "warm": "first_name"}.get(
            self.voice.value, "first_name"
        )


class Situation(Strict):
    """A typical situation gathered from staff in the workshop; it becomes a norm of its own."""

    title: Text = Field(description="The situation in a few words, e.g. a caller asks about a relative's benefit.")
    what_happens: LongText | None = Field(default=None, description="What the client does or says.")
    what_to_do: list[Text] = Field(min_length=1, max_length=8, description="What the employee does, step by step.")
    say: Text | None = Field(default=None, description="What the employee says.")
    never_say: Text | None = Field(default=None, description="What the employee must not say.")
    channel: Channel | None = Field(default=None, description="The channel where it happens, if only one.")


class Roles(Strict):
    """Who owns what; generic defaults are flagged for the editor to confirm."""

    standard_owner: Text | None = None
    complaints_owner: Text | None = None
    spokesperson: Text | None = None
    data_protection_officer: Text | None = None
    training_lead: Text | None = None


class MonitoringMethod(str, Enum):
    satisfaction_survey = "satisfaction_survey"
    hard_indicators = "hard_indicators"
    mystery_shopping = "mystery_shopping"
    employee_assessment = "employee_assessment"
    additional_research = "additional_research"
    timeliness = "timeliness"
    social_media_monitoring = "social_media_monitoring"


class Monitoring(Strict):
    methods: list[MonitoringMethod] = Field(
        default_factory=lambda: [
            MonitoringMethod.satisfaction_survey,
            MonitoringMethod.hard_indicators,
            MonitoringMethod.mystery_shopping,
            MonitoringMethod.employee_assessment,
            MonitoringMethod.additional_research,
            MonitoringMethod.timeliness,
        ]
    )
    nps: bool = False
    pay_link: bool = Field(default=False, description="Whether results feed into pay or bonuses.")
    electronic_document_system: bool = True


class DocumentInfo(Strict):
    title: Text | None = Field(default=None, description="Defaults to the standard's name.")
    version: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d+(\.\d+){0,2}$")] = (
        "1.0"
    )
    status: Literal["draft", "final"] = Field(
        default="draft",
        description="draft until the standard is approved: the cover and footer then say so "
        "(PROJEKTAS / DRAFT).",
    )
    effective_date: dt.date
    prepared_on: dt.date | None = Field(
        default=None,
        description="When this version was prepared: the Word file's creation date. The interview "
        "fills it in; without it the file states no creation date.",
    )
    approved_by: Text | None = None
    owning_unit: Text | None = None
    language: Language = Language.lt


class InterviewInfo(Strict):
    """What ``kasgen interview`` records about itself, so that a resumed interview continues alike."""

    language: Language = Field(
        default=Language.lt, description="The language the interview was held in (not the document's)."
    )


class Profile(Strict):
    """Everything kasgen knows about one organisation."""

    organisation: Organisation
    channels: list[Channel] = Field(min_length=1)
    social_networks: list[Text] = []
    service_levels: ServiceLevels = Field(default_factory=ServiceLevels)
    branches: list[Branch] = Field(default=[], max_length=2000)
    client_groups: list[ClientGroup] = []
    custom_client_groups: list[CustomClientGroup] = []
    brand: BrandVoice = Field(default_factory=BrandVoice)
    roles: Roles = Field(default_factory=Roles)
    situations: list[Situation] = Field(default=[], max_length=10)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    document: DocumentInfo
    interview: InterviewInfo | None = None

    @model_validator(mode="after")
    def _cross_field_rules(self) -> Profile:
        problems: list[str] = []
        used = set(self.channels)
        if len(used) != len(self.channels):
            problems.append("channels: a channel is listed twice")
        if len(set(self.client_groups)) != len(self.client_groups):
            problems.append("client_groups: a group is listed twice")
        for channel in Channel:
            if getattr(self.service_levels, channel.value) is not None and channel not in used:
                problems.append(
                    f"service_levels.{channel.value}: a service level is given, "
                    f"but {channel.value} is not among channels"
                )
        if Channel.social_media in used and not self.social_networks:
            problems.append("social_networks: social_media is a channel, so name at least one network")
        if self.social_networks and Channel.social_media not in used:
            problems.append("social_networks: networks are given, but social_media is not among channels")
        names = [b.name.casefold() for b in self.branches]
        # One line per problem: a name with a line break must not start a line of its own.
        dupes = sorted(
            {" ".join(b.name.split()) for b in self.branches if names.count(b.name.casefold()) > 1}
        )
        if dupes:
            problems.append(f"branches: duplicate branch name(s): {', '.join(dupes)}")
        if self.organisation.is_public:
            for key in ("email", "post", "web_form"):
                levels = getattr(self.service_levels, key)
                if levels and levels.reply_within_working_days > LEGAL_REPLY_WORKING_DAYS:
                    problems.append(
                        f"service_levels.{key}.reply_within_working_days: a public body must reply "
                        f"within {LEGAL_REPLY_WORKING_DAYS} working days, not "
                        f"{levels.reply_within_working_days}"
                    )
            c = self.service_levels.complaints
            if c and c.resolve_within_working_days > LEGAL_REPLY_WORKING_DAYS:
                problems.append(
                    "service_levels.complaints.resolve_within_working_days: a public body must answer "
                    f"within {LEGAL_REPLY_WORKING_DAYS} working days, not {c.resolve_within_working_days}"
                )
        for i, situation in enumerate(self.situations):
            if situation.channel is not None and situation.channel not in used:
                problems.append(
                    f"situations.{i}.channel: {situation.channel.value} is not among channels"
                )
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def multi_branch(self) -> bool:
        return len(self.branches) >= 2

    @property
    def sites(self) -> int:
        """Places where clients are served: the main office and every branch."""
        return 1 + len(self.branches)

    @property
    def size(self) -> str:
        """micro, small, medium or large: how deep the standard goes.

        Given outright in ``organisation.size``, or derived from the staff who serve clients and
        the sites; without a staff count, from the sites alone.
        """
        if self.organisation.size:
            return self.organisation.size
        staff = self.organisation.staff
        sites = self.sites
        if staff is None:
            return "small" if sites <= 2 else "medium" if sites <= 8 else "large"
        if staff <= 10 and sites <= 1:
            return "micro"
        if staff <= 50 and sites <= 3:
            return "small"
        if staff <= 150 and sites <= 8:
            return "medium"
        return "large"
