"""kg/resolution/index.py: the label index read through the store interface, cached per data version."""

from __future__ import annotations

import time

import pytest

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


def _store_with_two_technologies() -> tuple[EmbeddedStore, NamedNode, NamedNode, NamedNode]:
    store = EmbeddedStore(None)
    flywheel, membrane = NamedNode(ID + "technology/flywheel"), NamedNode(ID + "technology/membrane")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.load_data(f"{flywheel} {label} \"飞轮储能\"@zh .\n{membrane} {label} \"氢分离膜\"@zh .\n",
                    "application/n-triples", graph=ID + "g")
    return store, flywheel, membrane, label


def _commit(store: EmbeddedStore, added: list[Quad], removed: list[Quad]) -> None:
    """What the write gate does: commit the change, then record it (kg.store.versions)."""
    for quad in removed:
        store.remove_quads([quad])
    store.add_quads(added)
    committed(store, added, removed)


def test_after_a_write_the_index_catches_up_with_its_change_without_a_rebuild(monkeypatch) -> None:
    store, flywheel, membrane, label = _store_with_two_technologies()
    first = label_index(store, DEFAULT_BASE)
    builds = []
    monkeypatch.setattr(index_module, "build_index", lambda *args: builds.append(args))  # must not be called
    english = Quad(flywheel, label, Literal("flywheel energy storage", language="en"), NamedNode(ID + "g"))
    _commit(store, [english], [])
    second = label_index(store, DEFAULT_BASE)
    assert {n.text for n in second.entries[flywheel.value].names} == {"飞轮储能", "flywheel energy storage"}
    assert second.entries[membrane.value] is first.entries[membrane.value]  # untouched entities are not re-read
    assert second.exact[("label", "flywheel energy storage")] == {flywheel.value}
    _commit(store, [], [english, Quad(membrane, label, Literal("氢分离膜", language="zh"), NamedNode(ID + "g"))])
    third = label_index(store, DEFAULT_BASE)
    assert membrane.value not in third.entries and not third.exact[("label", "flywheel energy storage")]
    assert builds == []


def test_a_change_to_a_measures_section_rebuilds_the_index(monkeypatch) -> None:
    store, flywheel, _, _ = _store_with_two_technologies()
    label_index(store, DEFAULT_BASE)
    builds = []
    real_build = index_module.build_index
    monkeypatch.setattr(index_module, "build_index", lambda *args: builds.append(args) or real_build(*args))
    section = Quad(NamedNode(ID + "provision/p"), NamedNode("https://w3id.org/fikg/ontology#sectionNumber"),
                   Literal("三(一)"), NamedNode(ID + "g"))
    _commit(store, [section], [])
    assert flywheel.value in label_index(store, DEFAULT_BASE).entries and len(builds) == 1


def test_warming_builds_the_index_before_a_query_needs_it(monkeypatch) -> None:
    store, flywheel, _, _ = _store_with_two_technologies()
    index_module.warm_label_index(store, DEFAULT_BASE).join(timeout=60)
    monkeypatch.setattr(index_module, "build_index", lambda *args: pytest.fail("built again"))
    assert flywheel.value in label_index(store, DEFAULT_BASE).entries
    assert index_module.warm_label_index(EmbeddedStore(None), DEFAULT_BASE, if_built=True) is None  # never indexed
