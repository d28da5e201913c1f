"""Generate the ontology documentation from ontology/*.ttl.

    python tools/build_docs.py

Writes docs/ontology.md (model overview and tables of classes and properties),
docs/ontology/model.dot, model.svg and model.png (graphviz `dot` needed only here),
and docs/ontology/index.html (pyLODE, when it is installed; pylode 3.2.1 is known to work).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
OUT = DOCS / "ontology"
ONTOLOGY = URIRef("https://w3id.org/fikg/ontology")
FIKG = "https://w3id.org/fikg/ontology#"
PREFIXES = {
    FIKG: "fikg:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/ns/org#": "org:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://data.europa.eu/eli/ontology#": "eli:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://purl.org/vocab/vann/": "vann:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://purl.org/linked-data/cube#": "qb:",
    "http://purl.org/linked-data/sdmx/2009/attribute#": "sdmx-attribute:",
    "http://purl.org/linked-data/sdmx/2009/code#": "sdmx-code:",
    "http://purl.org/linked-data/sdmx/2009/dimension#": "sdmx-dimension:",
    "http://purl.org/linked-data/sdmx/2009/measure#": "sdmx-measure:",
}
MODULE_ORDER = ["document", "industry", "actor", "measure", "monitoring", "external"]


def curie(term) -> str:
    if isinstance(term, BNode):
        return "(anonymous)"
    s = str(term)
    for ns, p in PREFIXES.items():
        if s.startswith(ns):
            return p + s[len(ns):]
    return f"<{s}>"


def label(g: Graph, term, lang: str) -> str:
    for lit in g.objects(term, RDFS.label):
        if isinstance(lit, Literal) and lit.language == lang:
            return str(lit)
    return ""


def definition(g: Graph, term, lang: str) -> str:
    for lit in g.objects(term, SKOS.definition):
        if isinstance(lit, Literal) and lit.language == lang:
            return str(lit)
    return ""


def describe_class_expr(g: Graph, node) -> str:
    if isinstance(node, BNode):
        union = g.value(node, OWL.unionOf)
        if union is not None:
            return " or ".join(curie(x) for x in Collection(g, union))
    return curie(node) if node is not None else ""


def load_modules() -> dict[str, Graph]:
    modules = {}
    for name in MODULE_ORDER:
        modules[name] = Graph().parse(ROOT / "ontology" / "modules" / f"{name}.ttl", format="turtle")
    return modules


def merged() -> Graph:
    g = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    for name, mg in load_modules().items():
        header = URIRef(f"https://w3id.org/fikg/ontology/modules/{name}")
        for t in mg:
            if t[0] != header:
                g.add(t)
    g.remove((ONTOLOGY, OWL.imports, None))
    for p, ns in (("fikg", FIKG), ("skos", str(SKOS)), ("org", "http://www.w3.org/ns/org#"),
                  ("prov", "http://www.w3.org/ns/prov#"), ("eli", "http://data.europa.eu/eli/ontology#")):
        g.bind(p, ns, override=True)
    return g


def esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def tables(g: Graph, mg: Graph) -> list[str]:
    lines: list[str] = []
    classes = sorted(set(mg.subjects(RDF.type, OWL.Class)) - {x for x in mg.subjects() if isinstance(x, BNode)},
                     key=curie)
    if classes:
        lines += ["| class | zh | en | subclass of | definition |", "| --- | --- | --- | --- | --- |"]
        for c in classes:
            sup = ", ".join(curie(s) for s in g.objects(c, RDFS.subClassOf))
            lines.append(f"| `{curie(c)}` | {label(g, c, 'zh')} | {label(g, c, 'en')} | {sup} | "
                         f"{esc(definition(g, c, 'en'))} |")
        lines.append("")
    props = []
    for kind, name in ((OWL.ObjectProperty, "object"), (OWL.DatatypeProperty, "data"),
                       (OWL.AnnotationProperty, "annotation")):
        props += [(p, name) for p in mg.subjects(RDF.type, kind)]
    if props:
        lines += ["| property | kind | zh | en | domain | range | definition |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for p, kind in sorted(props, key=lambda x: curie(x[0])):
            dom = describe_class_expr(g, g.value(p, RDFS.domain))
            rng = describe_class_expr(g, g.value(p, RDFS.range))
            sup = [curie(s) for s in g.objects(p, RDFS.subPropertyOf)]
            d = esc(definition(g, p, "en")) + (f" Subproperty of {', '.join(sup)}." if sup else "")
            lines.append(f"| `{curie(p)}` | {kind} | {label(g, p, 'zh')} | {label(g, p, 'en')} | {dom} | {rng} | {d} |")
        lines.append("")
    inds = sorted(mg.subjects(RDF.type, OWL.NamedIndividual), key=curie)
    if inds:
        lines += ["| individual | type | zh | en | definition |", "| --- | --- | --- | --- | --- |"]
        for i in inds:
            types = ", ".join(curie(t) for t in g.objects(i, RDF.type) if t != OWL.NamedIndividual)
            lines.append(f"| `{curie(i)}` | {types} | {label(g, i, 'zh')} | {label(g, i, 'en')} | "
                         f"{esc(definition(g, i, 'en'))} |")
        lines.append("")
    return lines


# properties declared without a domain (or range), drawn from where the data uses them
TYPICAL_USE = [
    ("fikg:hasAction", "fikg:Measure", "fikg:Action"),
    ("fikg:hasTarget", "fikg:Measure", "fikg:Target"),
    ("fikg:mentions", "fikg:Action", "(any entity)"),
    ("fikg:belongsToIndustry", "skos:Concept", "fikg:FutureIndustry"),
    ("fikg:agent", "fikg:Responsibility", "org:Organization"),
    ("fikg:agent", "fikg:Responsibility", "fikg:CollectiveParty"),
    ("fikg:sourceSentence", "(any entity)", "fikg:Sentence"),
    ("fikg:sourceProvision", "(any entity)", "fikg:Provision"),
    ("fikg:addressee", "fikg:PolicyDocument", "fikg:CollectiveParty"),
    ("eli:has_part", "fikg:PolicyDocument", "fikg:Provision"),
    ("eli:passed_by", "fikg:PolicyDocument", "org:Organization"),
    ("dcterms:isPartOf", "fikg:Sentence", "fikg:Provision"),
    ("fikg:counts", "fikg:QuantitativeTarget", "(any entity)"),
    ("skos:broader", "skos:Concept", "skos:Concept"),
]


def dot_source(g: Graph) -> str:
    """Classes and their object properties. Subclasses that take part in no property of their own
    are folded into their parent's box, so the picture stays readable."""
    native = sorted((c for c in g.subjects(RDF.type, OWL.Class)
                     if isinstance(c, URIRef) and str(c).startswith(FIKG)), key=curie)
    prop_edges: list[tuple[str, str, str]] = []
    for p in sorted(g.subjects(RDF.type, OWL.ObjectProperty), key=curie):
        dom, rng = g.value(p, RDFS.domain), g.value(p, RDFS.range)
        if dom is None or rng is None:
            continue
        doms = list(Collection(g, g.value(dom, OWL.unionOf))) if isinstance(dom, BNode) else [dom]
        rngs = list(Collection(g, g.value(rng, OWL.unionOf))) if isinstance(rng, BNode) else [rng]
        for d in doms:
            for r in rngs:
                if isinstance(d, URIRef) and isinstance(r, URIRef) and p != SKOS.inScheme:
                    prop_edges.append((curie(p), curie(d), curie(r)))
    prop_edges += TYPICAL_USE
    in_props = {x for _, d, r in prop_edges for x in (d, r)}
    children: dict[str, list[str]] = {}
    sub_edges: list[tuple[str, str]] = []
    for c in native:
        for sup in g.objects(c, RDFS.subClassOf):
            if not isinstance(sup, URIRef):
                continue
            has_kids = any(True for _ in g.subjects(RDFS.subClassOf, c))
            if curie(c) in in_props or has_kids:
                sub_edges.append((curie(c), curie(sup)))
            else:
                children.setdefault(curie(sup), []).append(curie(c).split(":", 1)[1])
    nodes = {curie(c) for c in native} | in_props | {x for e in sub_edges for x in e}
    folded = {f"fikg:{k}" for kids in children.values() for k in kids}
    nodes -= folded
    out = ["digraph fikg {",
           '  graph [rankdir=LR, fontname="Helvetica", splines=true, ranksep=0.7, nodesep=0.18, concentrate=false];',
           '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=8];']
    for n in sorted(nodes):
        fill = "#e8f0fb" if n.startswith("fikg:") else ("#ffffff" if n.startswith("(") else "#f3f3f3")
        kids = sorted(children.get(n, []))
        text = n
        if kids:
            lines = [", ".join(kids[i:i + 3]) for i in range(0, len(kids), 3)]
            text += "\\n⊐ " + "\\n   ".join(lines)
        out.append(f'  "{n}" [label="{text}", fillcolor="{fill}"];')
    for c, sup in sorted(set(sub_edges)):
        out.append(f'  "{c}" -> "{sup}" [arrowhead=empty, style=dashed, color="#777777"];')
    for p, d, r in sorted(set(prop_edges)):
        out.append(f'  "{d}" -> "{r}" [label="{p}", color="#1f5fa8", fontcolor="#1f5fa8"];')
    out.append("}")
    return "\n".join(out) + "\n"


def write_markdown(g: Graph) -> None:
    modules = load_modules()
    n_classes = len([c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)])
    n_props = sum(len(list(g.subjects(RDF.type, k)))
                  for k in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty))
    md = [
        "# The FIKG ontology",
        "",
        "<!-- generated by tools/build_docs.py from ontology/*.ttl; edit the Turtle, then re-run -->",
        "",
        "Ontology IRI `https://w3id.org/fikg/ontology` (version `https://w3id.org/fikg/ontology/1.0.0`), "
        "namespace `fikg: <https://w3id.org/fikg/ontology#>`. "
        f"{n_classes} classes and {n_props} properties, every one labelled in Chinese and English and defined "
        "(`skos:definition`, zh and en). OWL 2 DL: HermiT finds ontology and graph consistent and the OWL API "
        "profile checker finds them in the OWL 2 DL profile (`tests/graph/test_graph_reasoning.py`).",
        "",
        "- HTML reference (pyLODE): [ontology/index.html](ontology/index.html)",
        "- Editing, IRIs, provenance and the coverage rule: [../ontology/README.md](../ontology/README.md)",
        "- The graph of 苏政发〔2023〕104号: `data/jiangsu-2023-104.ttl`",
        "",
        "## Model",
        "",
        "Boxes are classes (blue: FIKG, grey: reused standard classes); dashed arrows are `rdfs:subClassOf`; "
        "blue arrows are object properties from their domain to their range (for properties declared without a "
        "domain or range, such as `fikg:hasAction` or `fikg:sourceSentence`, from where the data uses them). "
        "Subclasses that take part in no property of their own are listed inside their parent's box (⊐).",
        "",
        "![FIKG model](ontology/model.svg)",
        "",
        "([PNG](ontology/model.png), [dot source](ontology/model.dot))",
        "",
        "### How the pieces fit",
        "",
        "- A `fikg:PolicyDocument` (an `eli:LegalResource`) `eli:has_part` its provisions (`fikg:Part` 一、, "
        "`fikg:Section` （一）, `fikg:Item` 1., plus `fikg:Preamble` and `fikg:Closing`), each with "
        "`fikg:sectionNumber` (\"三(三)\", \"二(一)3\"), `fikg:title`, `fikg:text` and `fikg:position`. "
        "Every `fikg:Sentence` is `dcterms:isPartOf` its provision and carries its `fikg:text`.",
        "- Every entity and n-ary node points to its sentences (`fikg:sourceSentence`) and provisions "
        "(`fikg:sourceProvision`), both subproperties of `prov:wasDerivedFrom`. Every relation between two "
        "resources is also an `owl:Axiom` (`owl:annotatedSource`/`owl:annotatedProperty`/`owl:annotatedTarget`) "
        "annotated with `fikg:statedIn` (the sentence) and `fikg:statedInProvision`.",
        "- Industries: `fikg:GrowthFutureIndustry` (with `fikg:listPosition` from 一(二) and `fikg:sectionPosition` "
        "from 二(一)) and `fikg:FrontierFutureIndustry`, both `fikg:FutureIndustry`; ordinary `fikg:Sector`s. "
        "Technologies, materials, products and technology fields are `skos:Concept`s in one taxonomy "
        "(`skos:broader`/`skos:narrower`), each `fikg:belongsToIndustry` its future industry.",
        "- A `fikg:Measure` (`fikg:KeyMeasure` 三, `fikg:SafeguardMeasure` 四) `fikg:hasAction` its "
        "`fikg:Action`s (each `fikg:mentions` what it names), `fikg:namesIndustry`/`fikg:namesTechnology`, "
        "`fikg:hasTarget`, and `fikg:hasResponsibility` n-ary `fikg:Responsibility` nodes "
        "(`fikg:agent`, `fikg:measure`, `fikg:position`, `fikg:isLead`).",
        "- A `fikg:QuantitativeTarget` has `fikg:targetYear` (xsd:integer) or `fikg:period` (\"annual\"), "
        "`fikg:quantity`, `fikg:comparator` (`fikg:atLeast` for 以上, else `fikg:exactly`), `fikg:unit` and "
        "`fikg:counts`; `fikg:Milestone`s are the qualitative goals for 2025, 2030 and 2035.",
        "- Monitoring: each quantitative target `fikg:indicator` a `fikg:Indicator` (`fikg:CountIndicator`, with "
        "`fikg:unit` and `fikg:accumulation`: `fikg:cumulative` total to date, or `fikg:perPeriod` for 每年). "
        "Observations are RDF Data Cube `qb:Observation`s in a `qb:DataSet` (`fikg:periodStart`/`fikg:periodEnd`: "
        "the policy's span) whose `qb:DataStructureDefinition` has the dimensions `fikg:refIndicator` and "
        "`fikg:refPeriod` (a `fikg:CalendarYear` or `fikg:CalendarDay` with `xsd:dateTime` bounds), the measure "
        "`sdmx-measure:obsValue` and the attributes `sdmx-attribute:obsStatus` and `dcterms:source`.",
        "- Agencies are `org:Organization`s (`fikg:Agency` and subclasses), disjoint from `fikg:CollectiveParty`.",
        "- The rules `queries/rules/covers-explicit.rq` and `covers-general.rq` derive "
        "`fikg:coversTechnologyExplicitly` / `fikg:coversTechnologyGenerally` and `fikg:Coverage` nodes "
        "with `fikg:viaMeasure`.",
        "",
    ]
    titles = {"document": "Document, provisions, sentences, provenance", "industry": "Industries and technologies",
              "actor": "Agencies, parties, regions, platforms, resources",
              "measure": "Measures, actions, responsibilities, targets, coverage",
              "monitoring": "Target monitoring: indicators, reference periods, Data Cube observations",
              "external": "Reused standard terms (declared, not imported)"}
    for name in MODULE_ORDER:
        md += [f"## {titles[name]} (`ontology/modules/{name}.ttl`)", ""]
        md += tables(g, modules[name])
    (DOCS / "ontology.md").write_text("\n".join(md), encoding="utf-8")


def write_pylode(g: Graph) -> bool:
    try:
        from pylode import OntPub
    except Exception as exc:  # pylode 3.4.1 fails to import (reads a pyproject.toml it does not ship)
        print(f"pyLODE unavailable: {exc}", file=sys.stderr)
        return False
    path = OUT / "fikg-merged.ttl"
    copy = Graph()
    for triple in g:  # pyLODE takes a skos:ConceptScheme for the vocabulary it documents (sdmx-code:obsStatus)
        if triple[1:] != (RDF.type, SKOS.ConceptScheme):
            copy.add(triple)
    copy.serialize(path, format="turtle")
    try:
        OntPub(ontology=str(path)).make_html(destination=OUT / "index.html")
    finally:
        path.unlink()
    return True


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    g = merged()
    (OUT / "model.dot").write_text(dot_source(g), encoding="utf-8")
    if shutil.which("dot"):
        for fmt in ("svg", "png"):
            subprocess.run(["dot", f"-T{fmt}", "-Gdpi=110" if fmt == "png" else "-Gdpi=72",
                            str(OUT / "model.dot"), "-o", str(OUT / f"model.{fmt}")], check=True)
    else:
        print("graphviz `dot` not found: model.svg/png not regenerated", file=sys.stderr)
    write_markdown(g)
    write_pylode(g)
    print(f"wrote {DOCS / 'ontology.md'} and {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
