"""Where resources stand in the document, so pages list them in text order rather than by label.

A sentence stands at its ``fikg:documentPosition``; a measure at the first sentence of the section that
describes it (``fikg:describesMeasure``), whose ``fikg:sectionNumber`` (三(一)) the pages show beside it;
a provision at its first sentence; anything else at the first sentence that states it
(``fikg:sourceSentence``). Ties (the responsible parties of one clause, the actions of one sentence) are
broken by the numeric ``fikg:position``, so party 10 comes after party 9, not after party 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.resources.views import PREFIXES, is_iri, values_block
from kg.store.base import Store

UNPLACED = 1 << 62


@dataclass(frozen=True)
class Place:
    """A resource's place in the document: the sort key and the section number to show (if it has one)."""

    sentence: int = UNPLACED
    position: int = UNPLACED
    section: str = ""

    @property
    def key(self) -> tuple[int, int]:
        return (self.sentence, self.position)


def places(store: Store, iris: Iterable[str]) -> dict[str, Place]:
    """The place of each IRI that has one (resources the document does not place are left out)."""
    iris = [iri for iri in dict.fromkeys(iris) if is_iri(iri)]
    if not iris:
        return {}
    rows = store.select(PREFIXES + f"""SELECT ?e (MIN(?at) AS ?first) (MIN(?pos) AS ?position)
            (SAMPLE(?number) AS ?section) WHERE {{ {values_block("e", iris)}
        {{ ?e fikg:documentPosition ?at }}
        UNION {{ ?provision fikg:describesMeasure ?e . ?s dcterms:isPartOf ?provision ; fikg:documentPosition ?at .
                 OPTIONAL {{ ?provision fikg:sectionNumber ?number }} }}
        UNION {{ ?e fikg:sectionNumber ?number . ?s dcterms:isPartOf ?e ; fikg:documentPosition ?at }}
        UNION {{ FILTER NOT EXISTS {{ ?provision fikg:describesMeasure ?e }}
                 FILTER NOT EXISTS {{ ?e fikg:sectionNumber ?n }}
                 ?e fikg:sourceSentence ?s . ?s fikg:documentPosition ?at }}
        OPTIONAL {{ ?e fikg:position ?pos FILTER(isNumeric(?pos)) }}
    }} GROUP BY ?e""")
    found = {}
    for row in rows:
        if "first" not in row:
            continue
        found[row["e"].value] = Place(int(row["first"].value),
                                      int(row["position"].value) if "position" in row else UNPLACED,
                                      row["section"].value if "section" in row else "")
    return found
