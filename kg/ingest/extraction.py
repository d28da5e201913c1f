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
from kg.ingest.metadata import find_metadata
from kg.ingest.model import Extraction, Measure, Mention
from kg.ingest.provisions import Document
from kg.ingest.targets import find_targets


def extract(document: Document) -> Extraction:
    """Run every rule over the document."""
    result = Extraction()
    result.measures = find_measures(document)
    result.metadata = find_metadata(document)
    for name, sentence in result.metadata.issuers:
        result.mentions.append(Mention("agent", agent_class(name)[0], name, sentence, doubt=agent_class(name)[1]))
    for name, sentence in result.metadata.addressees:
        cls, _doubt = agent_class(name)
        result.mentions.append(Mention("agent", cls if cls != "Agency" else "CollectiveParty", name, sentence))
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
    """What was expected and not found, and what the text made the rules do (for the review)."""
    notes = []
    normalised = document.normalised
    if normalised is not None and normalised.looks_copied:
        notes.append(f"the text looks copied from a web page: {normalised.marks} half-width punctuation mark(s) "
                     f"in Chinese text were made full-width and {len(document.repairs)} line break(s) inside "
                     "sentences joined; check the sentence boundaries and the responsibility clauses")
    if not document.numbered:
        notes.append("no numbered provisions (一、 （一） 1.) were found: the text has none of the expected structure")
    if not result.measures:
        notes.append("no measures were found: no section of a task part (重点任务, 保障措施 …) and no "
                     "responsibility clause （…负责）")
    elif not any(m.parties for m in result.measures):
        notes.append("no responsibility clause or 任务分工 table was found: no measure has a responsible party "
                     "(each is drafted with fikg:responsibilityUnstated; check the text assigns none)")
    elif unassigned := [m.provision for m in result.measures if not m.parties]:
        notes.append(f"{len(unassigned)} measure(s) without responsible parties ({', '.join(unassigned)}): "
                     "the text assigns them to nobody, or a clause was missed")
    if not result.targets:
        notes.append("no quantitative target (到20XX年 … N个, 百项, 翻一番) was found")
    elif undated := [t.wording for t in result.targets if t.year is None and t.period is None]:
        notes.append(f"{len(undated)} target(s) without a year or period in scope: {'；'.join(undated)}")
    if not result.of_kind("industry"):
        notes.append("no industry or direction list (…等N个…产业, …N大方向) or industry items were found")
    meta = result.metadata
    if not meta.issuers:
        notes.append("no issuer was found: no signature line before the date and none named in the title")
    if meta.date is None:
        notes.append("no date of issue (20XX年X月X日) was found in the signature")
    if not meta.addressees:
        notes.append("no addressees (主送, the head line that ends with a colon) were found")
    if meta.type is None:
        notes.append("the document type (意见, 实施意见, 行动方案, 通知 …) is not in the title")
    if document.repairs and not (normalised and normalised.looks_copied):
        notes.append(f"{len(document.repairs)} page break(s) inside sentences were repaired: "
                     + "; ".join(document.repairs))
    return notes
