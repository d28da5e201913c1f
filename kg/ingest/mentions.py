"""Which entities of the draft a clause names: the longest names first, each stretch of text named once.

A name is an entity's zh label or a wording the text gave it. "未来网络试验设施" names the test facility,
not also the industry 未来网络 inside it; "第三代半导体产业高地" names the industry. "10个成长型未来产业" alone
names the growth industries of the list that counted them. A name two entities
share (a platform and a product both called 运营平台) names both: the reviewer decides.
"""

from __future__ import annotations

import re

from kg.ingest.linking import Entity

# "10个成长型未来产业" without its items names the industries of the list that counted them.
COLLECTIVE = re.compile(r"(?:\d+|[一二三四五六七八九十]+)个(?P<kind>成长型|前沿性)未来产业")
COLLECTIVE_CLASS = {"成长型": "GrowthFutureIndustry", "前沿性": "FrontierFutureIndustry"}

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
    for i, (name, entity) in enumerate(candidates):
        if (start := masked.find(name)) >= 0:
            found.setdefault(entity.iri, (start, entity))
        if i + 1 < len(candidates) and candidates[i + 1][0] == name:
            continue  # every entity of one name is named before the name is masked
        masked = masked.replace(name, "\u3000" * len(name))
    if (collective := COLLECTIVE.search(text)) and not any(e.kind == "industry" for _s, e in found.values()):
        for entity in entities:
            listed = any(m.position for m in entity.mentions)
            if entity.kind == "industry" and listed and entity.cls == COLLECTIVE_CLASS[collective.group("kind")]:
                found.setdefault(entity.iri, (collective.start(), entity))
    return [e for _start, e in sorted(found.values(), key=lambda pair: (pair[0], pair[1].iri))]
