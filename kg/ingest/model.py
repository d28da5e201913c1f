"""What ingest finds in a document, as plain data: mentions of entities, measures, targets, actions and
milestones, gathered in an :class:`Extraction`. The rules (:mod:`kg.ingest.entities`, :mod:`~kg.ingest.measures`,
:mod:`~kg.ingest.actions`, :mod:`~kg.ingest.actors`) make them; :mod:`kg.ingest.extraction` runs the rules;
linking, the draft and the review read them. Imports nothing of the rules, so nothing here goes in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of mention, and the ontology classes each may take.
KINDS = ("industry", "technology", "agent", "platform", "region", "programme", "scenario", "domain", "sector",
         "talent", "project", "challenge", "actor")


@dataclass(frozen=True)
class Mention:
    """One naming of an entity in one sentence."""

    kind: str  # one of KINDS
    cls: str  # ontology class (local name), e.g. "Laboratory"
    label: str  # the zh label the entity gets
    sentence: str  # sentence key
    wording: str | None = None  # the text as written, when it differs from the label
    industry: str | None = None  # zh label of the industry a technology belongs to
    broader: str | None = None  # zh label of a broader concept ("A、B等C": C)
    position: int | None = None  # place in a list the text gives (industries)
    doubt: str | None = None  # why the rule is unsure, for the review


@dataclass(frozen=True)
class Measure:
    """A task the text sets: a section of a task part, or a provision that ends in a responsibility clause."""

    provision: str
    cls: str  # KeyMeasure | SafeguardMeasure | Measure
    title: str
    sentence: str | None  # the responsibility clause or task-table row; None when the text assigns nobody
    parties: tuple[str, ...]  # in the text's order, leads first
    open_list: bool  # the list ends in 等
    leads: int = 1  # how many of the parties lead (牵头); the first one unless the text says more


@dataclass(frozen=True)
class Target:
    """A quantitative target: by a year (or every period), a quantity of something, with a comparator."""

    provision: str
    sentence: str
    wording: str
    year: int | None
    period: str | None  # "annual" for 每年
    quantity: int
    comparator: str | None  # atLeast | exactly | None (about: 左右)
    unit: str
    counted: tuple[str, ...]  # zh labels of what is counted
    doubt: str | None = None


@dataclass(frozen=True)
class Action:
    """A clause that commits to doing something, numbered within its provision."""

    provision: str
    sentence: str
    wording: str
    position: int


@dataclass(frozen=True)
class Milestone:
    """A qualitative goal for a year (“到2025年，…初步形成…体系”)."""

    provision: str
    sentence: str
    wording: str
    year: int


@dataclass(frozen=True)
class Reference:
    """Another document the text refers to: by title (《…》), document number, or both."""

    relation: str  # cites | based_on | implements (ELI), from the verb before it (引用 / 根据 / 贯彻落实)
    title: str | None
    number: str | None
    sentence: str


@dataclass
class Metadata:
    """What the head and the signature say about the document."""

    type: str | None = None  # a document type's slug (implementation-opinions, action-plan, notice, …)
    date: str | None = None  # ISO date of issue
    issuers: list[tuple[str, str]] = field(default_factory=list)  # (name, sentence), signature order
    addressees: list[tuple[str, str]] = field(default_factory=list)  # (name, sentence) of 主送
    references: list[Reference] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything the rules found, in document order."""

    mentions: list[Mention] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    about_industry: dict[str, str] = field(default_factory=dict)  # provision (or 专栏 sentence) → industry label
    metadata: Metadata = field(default_factory=Metadata)
    notes: list[str] = field(default_factory=list)  # what the document lacks, for the review

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]
