"""kg/resolution/index.py: the label index read through the store interface, cached per data version."""

from __future__ import annotations

import time

from kg.rdf.model import Literal, NamedNode, Quad
from kg.rdf.vocab import DEFAULT_BASE
from kg.resolution import index as index_module
from kg.resolution.index import build_index, label_index, label_index_async
from kg.store.embedded import EmbeddedStore
from kg.store.versions import committed
from tests.helpers.loops import run_loop
from tests.helpers.stores import POOL

ID = DEFAULT_BASE + "id/"
SIC = ID + "material/silicon-carbide-substrates-and-epitaxial-materials"


def test_index_holds_labels_alt_names_kinds_and_sections(real_store: EmbeddedStore) -> None:
    index = build_index(real_store, DEFAULT_BASE)
    sic = index.entries[SIC]
    assert sic.kind == "material"
    assert {"label", "alt"} == {n.source for n in sic.names}
    assert SIC in index.exact[("alt", "SiC")]
    assert index.entries[ID + "measure/strengthen-application-scenario-pull"].section == "三(三)"
    assert {"technology", "material", "product", "field", "industry", "measure", "agency", "party"} <= set(
        index.kinds())
    assert not {"sentence", "provision", "responsibility", "coverage"} & set(index.kinds())
    assert sic.label("zh") == "碳化硅单晶衬底及外延材料" and sic.curie(DEFAULT_BASE) == "id:" + SIC.removeprefix(ID)


def test_index_is_built_once_per_data_version() -> None:
    store = EmbeddedStore(None)
    thing = NamedNode(ID + "technology/flywheel")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.load_data(f"{thing} {label} \"飞轮储能\"@zh .\n", "application/n-triples", graph=ID + "g")
    first = label_index(store, DEFAULT_BASE)
    assert label_index(store, DEFAULT_BASE) is first
    committed(store, [Quad(thing, label, Literal("flywheel energy storage", language="en"),
                                NamedNode(ID + "g"))], [])  # what a write through the gate records
    store.load_data(f"{thing} {label} \"flywheel energy storage\"@en .\n", "application/n-triples", graph=ID + "g")
    second = label_index(store, DEFAULT_BASE)
    assert second is not first
    assert {n.text for n in second.entries[thing.value].names} == {"飞轮储能", "flywheel energy storage"}


def test_a_remote_engines_index_is_refreshed_in_the_background(monkeypatch) -> None:
    """Others may write a remote engine (data_version does not see it): the index is rebuilt once old."""
    server = POOL.acquire()
    try:
        server.clear()
        thing, label = f"<{ID}technology/flywheel>", "<http://www.w3.org/2000/01/rdf-schema#label>"
        server.load_dataset(f"{thing} {label} \"飞轮储能\"@zh <{ID}g> .\n".encode())
        store = server.store()
        first = label_index(store, DEFAULT_BASE)
        assert label_index(store, DEFAULT_BASE) is first  # young: kept
        store.update(f"INSERT DATA {{ GRAPH <{ID}g> {{ {thing} {label} \"flywheel energy storage\"@en }} }}")
        monkeypatch.setattr(index_module, "REFRESH_SECONDS", 0.0)
        assert label_index(store, DEFAULT_BASE) is first  # old: answers, and is rebuilt behind
        deadline = time.monotonic() + 30
        while label_index(store, DEFAULT_BASE) is first and time.monotonic() < deadline:
            time.sleep(0.05)
        names = {n.text for n in label_index(store, DEFAULT_BASE).entries[ID + "technology/flywheel"].names}
        assert names == {"飞轮储能", "flywheel energy storage"}
    finally:
        server.clear()
        POOL.release(server)


def test_async_build_gives_the_same_index(real_store: EmbeddedStore) -> None:
    built = run_loop(label_index_async(real_store, DEFAULT_BASE))  # playwright may hold the main thread's loop
    again = label_index(real_store, DEFAULT_BASE)  # the same index, or one built alike (another test's write)
    assert {iri: sorted(n.text for n in entry.names) for iri, entry in built.entries.items()} == {
        iri: sorted(n.text for n in entry.names) for iri, entry in again.entries.items()}
    assert len(built.entries) > 100
