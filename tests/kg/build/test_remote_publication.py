"""kg.remote_publication's chunking, without an engine (publication itself runs on real engines in
tests/remote/test_remote_publish.py)."""

from __future__ import annotations

from kg.build.remote_publication import blank_closed_chunks
from kg.rdf.model import BlankNode, Literal, NamedNode, Triple


def test_chunks_never_split_blank_node_structures() -> None:
    p = NamedNode("http://ex/p")
    a, b, c = BlankNode(), BlankNode(), BlankNode()
    plain = [Triple(NamedNode(f"http://ex/s{i}"), p, Literal(str(i))) for i in range(10)]
    linked = [Triple(a, p, b), Triple(NamedNode("http://ex/x"), p, a), Triple(b, p, Literal("end")),
              Triple(c, p, Literal("alone"))]
    chunks = list(blank_closed_chunks(linked[:2] + plain + linked[2:], 3))
    assert sorted(map(str, (t for chunk in chunks for t in chunk))) == sorted(map(str, plain + linked))
    holding_a = [chunk for chunk in chunks if any(a in (t.subject, t.object) for t in chunk)]
    assert len(holding_a) == 1 and all(t in holding_a[0] for t in linked[:3])
    assert max(len(chunk) for chunk in chunks) <= 3
