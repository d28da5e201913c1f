"""Rule-based extraction from a parsed document: what it names, who is responsible, what it targets.

:func:`extract` returns an :class:`Extraction`: mentions of entities (each with the sentence that
names it), measures with their responsible parties in the text's order, and quantitative targets.
The rules live in :mod:`kg.ingest.entities` and :mod:`kg.ingest.measures`; what they find is the plain
data of :mod:`kg.ingest.model`.
"""

from __future__ import annotations

from kg.ingest.actions import drop_targets, find_actions
from kg.ingest.actors import find_actor_groups
from kg.ingest.entities import find_industries, find_named_things, find_regions, find_technologies
from kg.ingest.measures import agent_class, find_measures
from kg.ingest.model import Extraction, Measure, Mention
from kg.ingest.provisions import Document
from kg.ingest.targets import find_targets


def extract(document: Document) -> Extraction:
    """Run every rule over the document."""
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
    out = []
    for party in measure.parties:
        cls, doubt = agent_class(party)
        out.append(Mention("agent", cls, party, measure.sentence or "", doubt=doubt))
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
