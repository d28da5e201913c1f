"""Where each quantitative target stands: the named query ``target-progress`` (queries/target-progress.rq) gives
what SPARQL can — the target, its indicator, the earliest and the latest observation — and the project's rule
(:func:`kg.monitoring.status.progress_status`, the one implementation) gives the status, the pace ratio and the
paces. :func:`with_status` adds those columns to the named query's rows; :func:`target_progress` is the whole
report of one target (``GET /targets/{slug}/progress``): its sentence and section, the agencies responsible for
its measure and the series of its observations.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.errors import UnknownQueryError
from kg.monitoring.status import Point, Progress, progress_status
from kg.monitoring.targets import PREFIXES, fractional_year, instant, last_segment
from kg.query.named import json_value, parse_named_query
from kg.rdf.model import Literal, NamedNode, Term
from kg.rdf.vocab import entity_iri
from kg.store.base import Store

QUERY = "target-progress"
XSD = "http://www.w3.org/2001/XMLSchema#"
STATUS_COLUMNS = ("status", "ratio", "required_pace", "observed_pace")


@dataclass(frozen=True)
class Observation:
    """One value of a target's series; ``time``: the end of its period in fractional years."""

    iri: str
    date: str
    period: str
    time: float
    value: float | int
    obs_status: str
    status_code: str
    source: str | None = None


@dataclass(frozen=True)
class TargetProgress:
    """A target, what its text says and who is responsible, its observations and where they put it."""

    target: str
    slug: str
    label: dict[str, str]
    quantity: float | int
    comparator: str | None
    unit: str | None
    target_year: int | None
    period: str | None
    section: str | None
    sentence: dict[str, str] | None
    indicator: dict[str, object]
    measure: dict[str, object] | None
    agencies: list[dict[str, object]]
    status: str
    ratio: float | None
    required_pace: float | None
    observed_pace: float | None
    latest: Observation | None
    series: list[Observation] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def row_progress(row: dict[str, Term]) -> Progress:
    """The rule applied to one row of ``target-progress`` (the earliest and the latest observation are all the
    rule reads besides the target)."""
    points = [Point(fractional_year(instant(row[f"{which}_end"].value)), float(row[f"{which}_value"].value))
              for which in ("first", "latest") if f"{which}_end" in row and f"{which}_value" in row]
    return progress_status(float(row["quantity"].value), _due(row), points)


def with_status(rows: list[dict[str, Term]]) -> list[dict[str, Term]]:
    """The rows of ``target-progress`` with the columns of :data:`STATUS_COLUMNS` (unbound where the rule has
    no value)."""
    enriched = []
    for row in rows:
        progress = row_progress(row)
        extra: dict[str, Term] = {"status": Literal(progress.status)}
        for name in STATUS_COLUMNS[1:]:
            value = getattr(progress, name)
            if value is not None:
                extra[name] = Literal(f"{value:.4f}", datatype=NamedNode(XSD + "decimal"))
        enriched.append({**row, **extra})
    return enriched


def progress_rows(store: Store, queries: Path, target: str | None = None) -> list[dict[str, Term]]:
    """``target-progress`` run on ``store`` (every target, or ``target``), with the status columns."""
    path = queries / f"{QUERY}.rq"
    if not path.is_file():
        raise UnknownQueryError(f"this project has no named query {QUERY!r} ({path.name} in its queries/)")
    query = parse_named_query(path)
    return with_status(query.run(store, {"target": target} if target else {}).rows())


def target_progress(store: Store, queries: Path, base: str, slug: str) -> TargetProgress | None:
    """The progress report of the target ``id/target/{slug}``, or None when there is no such monitored target."""
    rows = progress_rows(store, queries, entity_iri(base, "target", slug))
    return _report(store, rows[0]) if rows else None


def every_target_progress(store: Store, queries: Path) -> dict[str, TargetProgress]:
    """The progress report of every monitored target, by the target's IRI (in the named query's order); none in
    a project without the named query."""
    if not (queries / f"{QUERY}.rq").is_file():
        return {}
    return {row["iri"].value: _report(store, row) for row in progress_rows(store, queries)}


def _report(store: Store, row: dict[str, Term]) -> TargetProgress:
    iri = row["iri"].value
    value = _reader(row)
    progress = row_progress(row)
    series = _series(store, row["indicator"])
    about = _about(store, NamedNode(iri), row["indicator"])
    return TargetProgress(
        iri, last_segment(iri), _labels(value("label_zh"), value("label_en")), json_value(row["quantity"]),
        value("comparator"), value("unit"), json_value(row["year"]) if "year" in row else None, value("period"),
        value("section"), about["sentence"], about["indicator"], about["measure"], about["agencies"],
        progress.status, _rounded(progress.ratio), _rounded(progress.required_pace),
        _rounded(progress.observed_pace), series[-1] if series else None, series)


def _due(row: dict[str, Term]) -> float | None:
    """When a target falls due, in fractional years: the end of its year; None for an annual target."""
    if "year" in row and ("period" not in row or row["period"].value != "annual"):
        return float(int(row["year"].value) + 1)
    return None


def _series(store: Store, indicator: Term) -> list[Observation]:
    rows = store.select(PREFIXES + """SELECT ?o ?period ?end ?value ?code ?notation ?source WHERE {
        ?o fikg:refIndicator ?indicator ; fikg:refPeriod ?period ; sdmx-measure:obsValue ?value .
        ?period fikg:periodEnd ?end .
        OPTIONAL { ?o sdmx-attribute:obsStatus ?code OPTIONAL { ?code skos:notation ?notation } }
        OPTIONAL { ?o dcterms:source ?source }
    } ORDER BY ?end ?o""".replace("?indicator", f"<{NamedNode(indicator.value).value}>"))
    seen: dict[str, Observation] = {}
    for row in rows:
        value = _reader(row)
        seen.setdefault(row["o"].value, Observation(
            row["o"].value, last_segment(row["period"].value), row["period"].value,
            round(fractional_year(instant(row["end"].value)), 4), json_value(row["value"]), value("notation") or "",
            value("code") or "", value("source")))
    return list(seen.values())


def _about(store: Store, target: NamedNode, indicator: Term) -> dict:
    """The target's sentence, its indicator's labels, the measure that sets it and that measure's agencies."""
    subject = f"<{target.value}>"
    rows = store.select(PREFIXES + f"""SELECT ?sentence ?text ?zh ?en ?accumulation ?measure ?mzh ?men WHERE {{
        OPTIONAL {{ {subject} fikg:sourceSentence ?sentence . ?sentence fikg:text ?text }}
        OPTIONAL {{ <{indicator.value}> rdfs:label ?zh FILTER(LANG(?zh) = "zh") }}
        OPTIONAL {{ <{indicator.value}> rdfs:label ?en FILTER(LANG(?en) = "en") }}
        OPTIONAL {{ <{indicator.value}> fikg:accumulation ?accumulation }}
        OPTIONAL {{ ?measure fikg:hasTarget {subject} ; a fikg:Measure .
                    OPTIONAL {{ ?measure rdfs:label ?mzh FILTER(LANG(?mzh) = "zh") }}
                    OPTIONAL {{ ?measure rdfs:label ?men FILTER(LANG(?men) = "en") }} }}
    }} LIMIT 1""")
    value = _reader(rows[0] if rows else {})
    agencies = store.select(PREFIXES + f"""SELECT DISTINCT ?agency ?zh ?en WHERE {{
        ?measure fikg:hasTarget {subject} ; a fikg:Measure ; fikg:hasResponsibility/fikg:agent ?agency .
        OPTIONAL {{ ?agency rdfs:label ?zh FILTER(LANG(?zh) = "zh") }}
        OPTIONAL {{ ?agency rdfs:label ?en FILTER(LANG(?en) = "en") }}
    }} ORDER BY ?agency""")
    return {
        "sentence": {"iri": value("sentence"), "text": value("text")} if value("sentence") else None,
        "indicator": {"iri": indicator.value, "label": _labels(value("zh"), value("en")),
                      "accumulation": last_segment(value("accumulation") or "").partition("#")[2] or None},
        "measure": {"iri": value("measure"), "label": _labels(value("mzh"), value("men"))} if value("measure")
        else None,
        "agencies": [{"iri": a["agency"].value, "label": _labels(_reader(a)("zh"), _reader(a)("en"))}
                     for a in agencies],
    }


def _labels(zh: str | None, en: str | None) -> dict[str, str]:
    return {k: v for k, v in (("zh", zh), ("en", en)) if v}


def _reader(row: dict[str, Term]):
    return lambda name: row[name].value if name in row else None


def _rounded(number: float | None) -> float | None:
    return None if number is None else round(number, 4)
