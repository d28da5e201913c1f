"""The fallback: derive everything again on a copy of the store with the write applied, and diff.

Used where the incremental maintenance does not hold (a change to the ontology's axioms, a construct
the compiled OWL 2 RL rules do not cover, the reference reasoner, a rule it does not know): the copy is
derived exactly as ``kg build`` derives (:func:`kg.derivation.whole.derive`), so the difference between its
derived graph and the store's is the exact change, whatever caused the fallback.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.derivation.whole import derive
from kg.rdf.model import NamedNode, Quad, Triple
from kg.settings import Settings
from kg.store.base import Store


def rederive(store: Store, added: Sequence[Quad], removed: Sequence[Quad], settings: Settings,
             derived_graph: str) -> tuple[set[Triple], set[Triple]]:
    """The triples the derived graph gains and loses when derived anew after the write."""
    graph = NamedNode(derived_graph)
    copy = store.copy_in_memory()
    try:
        before = {q.triple for q in copy.quads_in(graph)}
        copy.remove_quads(removed)
        copy.add_quads(added)
        derive(copy, settings, lambda *_: None)
        after = {q.triple for q in copy.quads_in(graph)}
    finally:
        copy.close()
    return after - before, before - after
