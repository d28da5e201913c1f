"""The review report of an ingest: what the text says of itself (type, date, issuers, addressees,
references), what was expected and not found, the draft's entities and the matches it proposes with
entities of other documents, what is uncertain and why, and the SHACL verdict of the draft. Rendered as
rich tables for the terminal and as Markdown for a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kg.ingest.linking import Entity
from kg.ingest.mentions import mentioned
from kg.ingest.model import Extraction
from kg.ingest.provisions import Document
from kg.validation.shacl import ValidationReport


@dataclass
class Review:
    """Everything a reviewer needs to turn the draft into a validated graph."""

    slug: str
    source: Path
    output: Path | None  # None: nothing was written
    document: Document
    extraction: Extraction
    entities: list[Entity]
    report: ValidationReport | None
    triples: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[Entity]:
        return [e for e in self.entities if e.status == "new"]

    @property
    def matched(self) -> list[Entity]:
        """Entities with a proposed skos:exactMatch / closeMatch to an entity the project holds."""
        return [e for e in self.entities if e.matches]

    @property
    def uncertain(self) -> list[Entity]:
        return [e for e in self.entities if e.uncertain]

    @property
    def draft_english(self) -> list[Entity]:
        """New entities whose English label is a word-by-word or pinyin draft: the reviewer writes them."""
        return [e for e in self.new if e.english_draft]

    @property
    def conforms(self) -> bool | None:
        return None if self.report is None else self.report.conforms

    def summary(self) -> list[tuple[str, str]]:
        """(what, how many) lines for the head of the report."""
        doc = self.document
        return [
            ("provisions", str(len(doc.numbered))), ("sentences", str(len(doc.sentences))),
            ("measures", str(len(self.extraction.measures))),
            ("measures with responsible parties", str(sum(1 for m in self.extraction.measures if m.parties))),
            ("quantitative targets", str(len(self.extraction.targets))),
            ("actions", str(len(self.extraction.actions))), ("milestones", str(len(self.extraction.milestones))),
            ("entities with a match proposed", str(len(self.matched))), ("new entities", str(len(self.new))),
            ("references to other documents", str(len(self.extraction.metadata.references))),
            ("uncertain entities", str(len(self.uncertain))), ("triples in the draft", str(self.triples)),
            ("SHACL", _verdict(self.report)),
        ]


# What a reviewer does about each kind of SHACL result on a draft (by the reporting shape's local name).
ADVICE = {
    "NotOrphanConstraint": "nothing in the draft refers to it: name it in an action or target (fikg:mentions, "
                           "fikg:counts), relate it, or delete it if the rule found a phrase that names nothing",
    "GrowthFutureIndustrySectionPositionShape": "give the growth industry its item number (fikg:sectionPosition): "
                                                "the text has no single item about it",
    "GrowthFutureIndustryTechnologyShape": "a growth industry needs a technology that belongs to it: add one from "
                                           "its item, or correct its class",
    "UniqueChineseLabelConstraint": "two entities of one class share a Chinese label: merge them or tell them apart",
    "EntityLabelShape": "write the missing label",
}


def advice(result) -> str:
    """What the reviewer should do about one SHACL result."""
    source = (result.source or "").rsplit("#", 1)[-1]
    return ADVICE.get(source, "see the message; shapes/README.md says what the shape guards against")


def metadata_rows(review: Review) -> list[tuple[str, str]]:
    """(what, value) of the document's metadata as the draft states it."""
    meta = review.extraction.metadata
    return [("document number", review.document.number or "not found"), ("type", meta.type or "not found"),
            ("date", meta.date or "not found"),
            ("issuers", "、".join(name for name, _s in meta.issuers) or "not found"),
            ("addressees", "、".join(name for name, _s in meta.addressees) or "not found")]


def _verdict(report: ValidationReport | None) -> str:
    if report is None:
        return "not run"
    state = "conforms" if report.conforms else "does not conform"
    return f"{state} ({len(report.violations)} violation(s), {len(report.warnings)} warning(s))"


def _names(text: str, sentence: str, entities: list[Entity]) -> str:
    return "、".join(e.label for e in mentioned(text, sentence, entities))


def _parties(measure) -> str:
    if not measure.parties:
        return "none stated (fikg:responsibilityUnstated)"
    leads = "、".join(measure.parties[: measure.leads])
    rest = "、".join(measure.parties[measure.leads:])
    return f"{leads}（牵头）{'；' + rest if rest else ''}{'等' if measure.open_list else ''}"


def _mentioned_in(entity: Entity) -> str:
    keys = sorted({m.sentence for m in entity.mentions}, key=lambda k: (len(k), k))
    return ", ".join(keys[:3]) + (f" (+{len(keys) - 3})" if len(keys) > 3 else "")


def print_review(console: Console, review: Review) -> None:
    """The review as rich tables."""
    head = Table("", "", title=f"kg ingest {review.slug}: {review.document.title}", show_header=False)
    for what, count in review.summary():
        head.add_row(what, count)
    console.print(head)
    for note in [*review.extraction.notes, *review.notes]:
        console.print(f"[yellow]note[/]: {note}", soft_wrap=True)
    meta = Table("", "", title="The document", show_header=False)
    for what, value in metadata_rows(review):
        meta.add_row(what, value)
    console.print(meta)
    references = Table("relation", "title", "number", "sentence", title="References to other documents")
    for ref in review.extraction.metadata.references:
        references.add_row(ref.relation, ref.title or "", ref.number or "", ref.sentence)
    console.print(references)
    table = Table("kind", "label", "class", "IRI", "sentences", title="New entities")
    for e in review.new:
        table.add_row(e.kind, e.label, e.cls, e.iri, _mentioned_in(e))
    console.print(table)
    matches = Table("label", "proposal", "existing entity", title="Match proposals (confirm or delete each)")
    for e in review.matched:
        for other, relation in e.matches:
            matches.add_row(e.label, f"skos:{relation}", other)
    console.print(matches)
    english = Table("label", "draft English", "IRI", title="English labels to write (word-by-word or pinyin drafts)")
    for e in review.draft_english:
        english.add_row(e.label, e.english, e.iri)
    console.print(english)
    doubts = Table("label", "kind", "reason", title="Uncertain: check these first", show_lines=True)
    for e in review.uncertain:
        doubts.add_row(e.label, e.kind, "; ".join(e.doubts))
    console.print(doubts)
    if review.report is not None and review.report.results:
        shacl = Table("severity", "focus", "path", "message", "what to do", title="SHACL results on the draft")
        for r in review.report.results:
            shacl.add_row(r.severity, r.focus, r.path or "", r.message("en"), advice(r))
        console.print(shacl)
    where = f"draft written to {review.output}" if review.output else "no draft written"
    console.print(f"{where}; nothing is published until `kg build`.")


def review_markdown(review: Review) -> str:
    """The review as a Markdown document."""
    lines = [f"# Review of `{review.slug}`: {review.document.title}", "",
             f"Source: `{review.source}`. Draft: `{review.output or 'not written'}`. "
             "Nothing is published until a person runs `kg build`.", "", "| what | count |", "| --- | --- |"]
    lines += [f"| {what} | {count} |" for what, count in review.summary()]
    notes = [*review.extraction.notes, *review.notes]
    if notes:
        lines += ["", "## Notes", "", *(f"- {n}" for n in notes)]
    lines += ["", "## Uncertain entities (check these first)", "", "| label | kind | reason |", "| --- | --- | --- |"]
    lines += [f"| {e.label} | {e.kind} | {'; '.join(e.doubts)} |" for e in review.uncertain]
    lines += ["", "## English labels to write", "",
              "New entities whose English label is a word-by-word or pinyin draft (labels composed from names "
              "the project already holds are not listed).", "",
              "| label | draft English | IRI |", "| --- | --- | --- |"]
    lines += [f"| {e.label} | {e.english} | <{e.iri}> |" for e in review.draft_english]
    lines += ["", "## The document", "", "| what | value |", "| --- | --- |"]
    lines += [f"| {what} | {value} |" for what, value in metadata_rows(review)]
    lines += ["", "## References to other documents", "", "| relation | title | number | sentence |",
              "| --- | --- | --- | --- |"]
    lines += [f"| eli:{r.relation} | {r.title or ''} | {r.number or ''} | {r.sentence} |"
              for r in review.extraction.metadata.references]
    lines += ["", "## Match proposals", "", "The draft's entities are its own; where the project holds an entity "
              "of the same name and kind, the draft proposes a match (`skos:exactMatch` by label, "
              "`skos:closeMatch` by alias or wording). Confirm or delete each.", "",
              "| label | proposal | existing entity |", "| --- | --- | --- |"]
    lines += [f"| {e.label} | skos:{relation} | <{other}> |" for e in review.matched for other, relation in e.matches]
    lines += ["", "## New entities", "", "| kind | label | class | IRI | sentences |",
              "| --- | --- | --- | --- | --- |"]
    lines += [f"| {e.kind} | {e.label} | {e.cls} | <{e.iri}> | {_mentioned_in(e)} |" for e in review.new]
    lines += ["", "## Measures and responsible parties", "",
              "| provision | measure | parties in order (leads first) |", "| --- | --- | --- |"]
    lines += [f"| {m.provision} | {m.title} | {_parties(m)} |" for m in review.extraction.measures]
    lines += ["", "## Targets", "", "| provision | year or period | quantity | comparator | counts | wording |",
              "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {t.provision} | {t.year or t.period or '?'} | {t.quantity} {t.unit} | {t.comparator or 'about'} | "
              f"{'、'.join(t.counted)} | {t.wording} |" for t in review.extraction.targets]
    lines += ["", "## Milestones", "", "| provision | year | wording | mentions |", "| --- | --- | --- | --- |"]
    lines += [f"| {m.provision} | {m.year} | {m.wording} | {_names(m.wording, m.sentence, review.entities)} |"
              for m in review.extraction.milestones]
    lines += ["", "## Actions", "", "Each clause that commits to something, with the entities it names "
              "(`fikg:mentions`); the English labels of actions and milestones are left for the reviewer.", "",
              "| provision | # | wording | mentions |", "| --- | ---: | --- | --- |"]
    lines += [f"| {a.provision} | {a.position} | {a.wording} | {_names(a.wording, a.sentence, review.entities)} |"
              for a in review.extraction.actions]
    lines += ["", "## SHACL", "", _verdict(review.report)]
    if review.report is not None:
        lines += [f"- {r.severity}: `{r.focus}` {r.path or ''} — {r.message('en')} What to do: {advice(r)}."
                  for r in review.report.results]
    return "\n".join(lines) + "\n"
