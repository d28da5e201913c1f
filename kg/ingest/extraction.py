"""Rule-based extraction from a parsed document: what it names, who is responsible, what it targets.

:func:`extract` returns an :class:`Extraction`: mentions of entities (each with the sentence that
names it), measures with their responsible parties in the text's order, and quantitative targets.
The rules live in :mod:`kg.ingest.entities` and :mod:`kg.ingest.measures`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.ingest.provisions import Document

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
    """A provision that ends in a responsibility clause."""

    provision: str
    cls: str  # KeyMeasure | SafeguardMeasure | Measure
    title: str
    sentence: str  # the responsibility clause
    parties: tuple[str, ...]  # in the text's order, lead first
    open_list: bool  # the list ends in 等


@dataclass(frozen=True)
class Target:
    """A quantitative target: by a year (or every period), a quantity of something, with a comparator."""

    provision: str
    sentence: str
    wording: str
    year: int | None
    period: str | None  # "annual" for 每年
    quantity: int
    comparator: str  # atLeast | exactly
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


@dataclass
class Extraction:
    """Everything the rules found, in document order."""

    mentions: list[Mention] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    about_industry: dict[str, str] = field(default_factory=dict)  # item provision → industry label
    notes: list[str] = field(default_factory=list)  # what the document lacks, for the review

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


def extract(document: Document) -> Extraction:
    """Run every rule over the document."""
    from kg.ingest.actions import drop_targets, find_actions
    from kg.ingest.actors import find_actor_groups
    from kg.ingest.entities import find_industries, find_named_things, find_regions, find_technologies
    from kg.ingest.measures import find_measures, find_targets

    result = Extraction()
    result.measures = find_measures(document)
    for measure in result.measures:
        result.mentions.extend(party_mentions(measure))
    industries, about = find_industries(document)
    result.mentions.extend(industries)
    result.about_industry = about
    result.mentions.extend(find_technologies(document, about, {m.label for m in industries}))
    result.targets, counted = find_targets(document)
    result.mentions.extend(counted)
    named = find_named_things(document)
    result.mentions.extend(named)
    masked = [m.wording or m.label for m in result.mentions if m.kind in ("agent", "platform", "programme")]
    result.mentions.extend(find_regions(document, masked))
    result.actions, milestones = find_actions(document, {m.provision for m in result.measures})
    result.mentions.extend(find_actor_groups(result.actions, {m.label for m in named if m.kind == "platform"}))
    result.milestones = drop_targets(milestones, result.targets)
    result.notes = _notes(document, result)
    return result


def party_mentions(measure: Measure) -> list[Mention]:
    from kg.ingest.measures import agent_class

    out = []
    for party in measure.parties:
        cls, doubt = agent_class(party)
        out.append(Mention("agent", cls, party, measure.sentence, doubt=doubt))
    return out


def _notes(document: Document, result: Extraction) -> list[str]:
    notes = []
    if not document.numbered:
        notes.append("no numbered provisions (一、 （一） 1.) were found: the text has none of the expected structure")
    if not result.measures:
        notes.append("no responsibility clause （…按职责分工负责） was found: no measures or responsible parties")
    if not result.targets:
        notes.append("no quantitative target (到20XX年 … N个) was found")
    if not result.of_kind("industry"):
        notes.append("no industry list (…等N个…产业) or industry items were found")
    if document.repairs:
        notes.append(f"{len(document.repairs)} page break(s) inside sentences were repaired: "
                     + "; ".join(document.repairs))
    return notes
