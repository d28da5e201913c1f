"""The monitored targets as the store holds them: each quantitative target with its indicator, the monitoring
data set of its document and that data set's span, the observation status codes and the reference periods.

A target's document is the source graph that states it (``…/graph/{document}``, named after its file); the
document's monitoring data set is ``id/dataset/{document}-target-monitoring`` (tools/fikg_monitoring.py).
Read once per load or page; every value is a plain Python one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kg.rdf.model import NamedNode
from kg.rdf.vocab import INFERRED_GRAPH, entity_iri, graph_iri, sparql_prefixes
from kg.store.base import Store

PREFIXES = sparql_prefixes() + """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-code: <http://purl.org/linked-data/sdmx/2009/code#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""
FIKG = "https://w3id.org/fikg/ontology#"


@dataclass(frozen=True)
class Span:
    """A half-open interval of time: ``start`` included, ``end`` excluded."""

    start: datetime
    end: datetime

    def covers(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class MonitoredTarget:
    """A quantitative target, its indicator and the data set its observations go into."""

    iri: str
    slug: str
    label_zh: str
    label_en: str
    indicator: str
    indicator_slug: str
    per_period: bool  # 每年: values within a calendar year, compared year by year
    count: bool  # a count indicator: whole numbers, not negative
    dataset: str
    dataset_slug: str
    span: Span | None  # the data set's span (None when the data set is missing)


def monitored_targets(store: Store, base: str) -> dict[str, MonitoredTarget]:
    """Every quantitative target with an indicator, by IRI."""
    inferred = NamedNode(graph_iri(base, INFERRED_GRAPH))
    rows = store.select(PREFIXES + """SELECT ?target ?g ?indicator ?accumulation ?count ?zh ?en WHERE {
        GRAPH ?g { ?target a fikg:QuantitativeTarget ; fikg:indicator ?indicator }
        FILTER(?g != <{inferred}>)
        OPTIONAL { ?indicator fikg:accumulation ?accumulation }
        BIND(EXISTS { ?indicator a fikg:CountIndicator } AS ?count)
        OPTIONAL { ?target rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
        OPTIONAL { ?target rdfs:label ?en FILTER(LANG(?en) = "en") }
    } ORDER BY ?target""".replace("{inferred}", inferred.value))
    spans = {row["dataset"].value: Span(instant(row["start"].value), instant(row["end"].value))
             for row in store.select(PREFIXES + """SELECT ?dataset ?start ?end WHERE {
                 ?dataset a qb:DataSet ; fikg:periodStart ?start ; fikg:periodEnd ?end }""")}
    targets: dict[str, MonitoredTarget] = {}
    for row in rows:
        iri, indicator = row["target"].value, row["indicator"].value
        document = row["g"].value.rstrip("/").rsplit("/", 1)[-1]
        dataset_slug = f"{document}-target-monitoring"
        dataset = entity_iri(base, "dataset", dataset_slug)
        per_period = "accumulation" in row and row["accumulation"].value == FIKG + "perPeriod"
        targets.setdefault(iri, MonitoredTarget(
            iri, last_segment(iri), row["zh"].value if "zh" in row else "", row["en"].value if "en" in row else "",
            indicator, last_segment(indicator), per_period, row["count"].value in {"true", "1"}, dataset,
            dataset_slug, spans.get(dataset)))
    return targets


def status_codes(store: Store) -> dict[str, str]:
    """The SDMX observation status codes by their letter (skos:notation)."""
    rows = store.select(PREFIXES + """SELECT ?code ?notation WHERE {
        ?code a sdmx-code:ObsStatus ; skos:notation ?notation }""")
    return {row["notation"].value: row["code"].value for row in rows}


def period_spans(store: Store, iris: list[str]) -> dict[str, Span]:
    """The spans of those reference periods the store holds."""
    if not iris:
        return {}
    values = " ".join(f"<{NamedNode(iri).value}>" for iri in iris)
    rows = store.select(PREFIXES + f"""SELECT ?period ?start ?end WHERE {{ VALUES ?period {{ {values} }}
        ?period fikg:periodStart ?start ; fikg:periodEnd ?end }}""")
    return {row["period"].value: Span(instant(row["start"].value), instant(row["end"].value)) for row in rows}


def instant(lexical: str) -> datetime:
    """An xsd:dateTime's lexical form as an aware datetime (Z as UTC)."""
    return datetime.fromisoformat(lexical.replace("Z", "+00:00"))


def fractional_year(moment: datetime) -> float:
    """``moment`` in years: the year plus the part of it gone by (in its own time zone)."""
    start = moment.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    length = start.replace(year=start.year + 1) - start
    return moment.year + (moment - start) / length if length > timedelta(0) else float(moment.year)


def last_segment(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
