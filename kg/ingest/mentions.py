"""Which entities of the draft a clause names: the longest names first, each stretch of text named once.

A name is an entity's zh label or a wording the text gave it. "未来网络试验设施" names the test facility,
not also the industry 未来网络 inside it; "第三代半导体产业高地" names the industry.
"""

from __future__ import annotations

from kg.ingest.linking import Entity

MIN_LENGTH = 2  # one-character names (党) name too much by accident
SHORT = 2  # names this short (利用, 监测, 材料) count only in the sentences they were found in


def names(entity: Entity) -> set[str]:
    """The zh names of an entity as the text writes them."""
    return {entity.label, *(m.wording for m in entity.mentions if m.wording)}


def mentioned(text: str, sentence: str, entities: list[Entity]) -> list[Entity]:
    """Entities named in ``text`` (a clause of ``sentence``), in order of first appearance."""
    candidates = sorted(((name, e) for e in entities for name in names(e) if len(name) >= MIN_LENGTH
                         and (len(name) > SHORT or any(m.sentence == sentence for m in e.mentions))),
                        key=lambda pair: (-len(pair[0]), pair[0], pair[1].iri))
    masked = text
    found: dict[str, tuple[int, Entity]] = {}
    for name, entity in candidates:
        start = masked.find(name)
        while start >= 0:
            found.setdefault(entity.iri, (start, entity))
            masked = masked[:start] + "\u3000" * len(name) + masked[start + len(name):]
            start = masked.find(name)
    return [e for _start, e in sorted(found.values(), key=lambda pair: (pair[0], pair[1].iri))]
