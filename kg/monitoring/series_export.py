"""A target's progress and series for download: the report as JSON-LD (a context over the JSON of
:class:`~kg.monitoring.progress.TargetProgress`), the series as CSV (the columns ``POST /observations`` takes,
so a downloaded file loads back) and as RDF Data Cube Turtle (the observations with their data set, structure,
components and periods: a cube that stands on its own).

The computed members (status, ratio, paces, …) are not stored and are not ontology terms: the context maps them
into ``https://w3id.org/fikg/progress#``, which names them for JSON-LD readers only.
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from kg.monitoring.progress import TargetProgress
from kg.monitoring.targets import PREFIXES
from kg.rdf.model import NamedNode
from kg.rdf.vocab import ONTOLOGY_NS
from kg.store.base import Store

PROGRESS_NS = "https://w3id.org/fikg/progress#"
CONTEXT: dict[str, object] = {
    "@vocab": PROGRESS_NS,
    "fikg": ONTOLOGY_NS,
    "qb": "http://purl.org/linked-data/cube#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": "http://purl.org/dc/terms/",
    "target": "@id",
    "iri": "@id",
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "quantity": "fikg:quantity",
    "unit": "fikg:unit",
    "target_year": "fikg:targetYear",
    "section": "fikg:sectionNumber",
    "text": {"@id": "fikg:text", "@language": "zh"},
    "sentence": "fikg:sourceSentence",
    "indicator": "fikg:indicator",
    "series": {"@id": "qb:observation", "@container": "@list"},
    "period": {"@id": "fikg:refPeriod", "@type": "@id"},
    "value": "http://purl.org/linked-data/sdmx/2009/measure#obsValue",
    "status_code": {"@id": "http://purl.org/linked-data/sdmx/2009/attribute#obsStatus", "@type": "@id"},
    "source": "dcterms:source",
}


def progress_jsonld(progress: TargetProgress) -> dict[str, object]:
    """The report as JSON-LD: the JSON with a context (the target and each observation keep their IRIs)."""
    document = progress.as_json()
    document["period_kind"] = document.pop("period")  # "annual": not a reference period
    for observation in [*document["series"], *([document["latest"]] if document["latest"] else [])]:
        observation["@type"] = "qb:Observation"
    return {"@context": CONTEXT, "@type": "fikg:QuantitativeTarget", **document}


def series_csv(progress: TargetProgress) -> str:
    """The series in the columns of ``POST /observations`` (target IRI, date, value, status letter, source)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["target", "date", "value", "obs_status", "source"])
    for o in progress.series:
        writer.writerow([progress.target, o.date, o.value, o.obs_status, o.source or ""])
    return out.getvalue()


def series_turtle(store: Store, progress: TargetProgress) -> bytes:
    """The series as an RDF Data Cube in Turtle: observations, their periods, data sets, structures, components."""
    indicator = f"<{NamedNode(str(progress.indicator['iri'])).value}>"
    triples = store.construct(PREFIXES + f"""CONSTRUCT {{ ?o ?p ?v . ?period ?pp ?pv . ?dataset ?dp ?dv .
            ?structure ?sp ?sv . ?component ?cp ?cv . }}
        WHERE {{
          ?o fikg:refIndicator {indicator} ; qb:dataSet ?dataset ; fikg:refPeriod ?period .
          {{ ?o ?p ?v }} UNION {{ ?period ?pp ?pv }}
          UNION {{ ?dataset ?dp ?dv }}
          UNION {{ ?dataset qb:structure ?structure . ?structure ?sp ?sv }}
          UNION {{ ?dataset qb:structure/qb:component ?component . ?component ?cp ?cv }}
        }}""")
    prefixes = {"qb": "http://purl.org/linked-data/cube#", "fikg": ONTOLOGY_NS,
                "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
                "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
                "sdmx-code": "http://purl.org/linked-data/sdmx/2009/code#", "dcterms": "http://purl.org/dc/terms/",
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
                "xsd": "http://www.w3.org/2001/XMLSchema#"}
    return ox.serialize(sorted(set(triples), key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
