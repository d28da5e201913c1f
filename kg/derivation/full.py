"""The fallback: derive everything again on a copy of the store with the write applied, and diff.

Used where the incremental maintenance does not hold (a change to the ontology's axioms, a construct
the compiled OWL 2 RL rules do not cover, the reference reasoner, a rule it does not know): the copy is
derived exactly as ``kg build`` derives (:func:`kg.build.derive`), so the difference between its
derived graph and the store's is the exact change, whatever caused the fallback.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.embedded import EmbeddedStore
from kg.model import NamedNode, Quad, Triple
from kg.settings import Settings
from kg.store import Store


def rederive(store: Store, added: Sequence[Quad], removed: Sequence[Quad], settings: Settings,
             derived_graph: str) -> tuple[set[Triple], set[Triple]]:
    """The triples the derived graph gains and loses when derived anew after the write."""
    from kg.build import derive

    graph = NamedNode(derived_graph)
    copy = EmbeddedStore(None)
    try:
        copy.engine.extend(store.quads())
        before = {q.triple for q in copy.engine.quads_for_pattern(None, None, None, graph)}
        for quad in removed:
            copy.engine.remove(quad)
        copy.engine.extend(added)
        derive(copy, settings, lambda *_: None)
        after = {q.triple for q in copy.engine.quads_for_pattern(None, None, None, graph)}
    finally:
        copy.close()
    return after - before, before - after
