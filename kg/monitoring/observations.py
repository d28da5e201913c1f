"""Loading observations: rows (:mod:`~kg.monitoring.rows`) resolved against the graph and turned into RDF Data
Cube observations, committed all or nothing through the write gate (:func:`kg.writes.gate.apply_update`:
SHACL, the journal, the derived graph).

Each row is checked here first, so that a refusal names the row and the reason (:class:`~kg.errors.
ObservationError`, nothing stored): the target exists (its IRI, its indicator's IRI or its exact label in zh or
en), the date is a year (``2025`` → ``id/period/2025``) or an ISO date (``2026-06-30`` → ``id/period/2026-06-30``,
a ``fikg:CalendarDay`` made with the observation when the graph has no such day) within the span of the
target's data set, a per-period (每年) target takes years only, the value is a number (a whole number, not
negative, for a count), the status letter is an SDMX code (``A`` when empty), and no two rows have the same key.
The shapes then check the whole change in the gate as they check any write.

An observation's IRI is its key: ``id/observation/{data set}/{indicator}/{period}``. Loading a key that is
already observed **replaces** its value, status and source (a revised release replaces a provisional one; the
journal keeps the earlier value). Observations go into the graph ``…/graph/observations``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from kg.errors import ObservationError, RowProblem
from kg.monitoring.rows import ObservationRow
from kg.monitoring.targets import (
    FIKG,
    PREFIXES,
    MonitoredTarget,
    Span,
    monitored_targets,
    period_spans,
    status_codes,
)
from kg.rdf.model import Literal, NamedNode, Quad
from kg.rdf.vocab import INFERRED_GRAPH, OBSERVATIONS_GRAPH, RDF_TYPE, RDFS_LABEL, entity_iri, graph_iri
from kg.settings import Settings
from kg.store.base import Store
from kg.writes import audit
from kg.writes.gate import apply_update

if TYPE_CHECKING:
    from kg.query.executor import QueryExecutor

CHINA = timezone(timedelta(hours=8))  # the periods' time zone (China Standard Time)
XSD = "http://www.w3.org/2001/XMLSchema#"
QB = "http://purl.org/linked-data/cube#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
SDMX_ATTRIBUTE = "http://purl.org/linked-data/sdmx/2009/attribute#"
SOURCE = "http://purl.org/dc/terms/source"
OWL_INDIVIDUAL = "http://www.w3.org/2002/07/owl#NamedIndividual"
REPLACED = (SDMX_MEASURE + "obsValue", SDMX_ATTRIBUTE + "obsStatus", SOURCE)  # what a new value of a key replaces


@dataclass(frozen=True)
class LoadResult:
    """What a load did: observations new, changed and unchanged, and the triples added and removed."""

    rows: int
    created: list[str]
    replaced: list[str]
    unchanged: list[str]
    added: int
    removed: int

    def summary(self) -> dict[str, object]:
        return {"rows": self.rows, "created": len(self.created), "replaced": len(self.replaced),
                "unchanged": len(self.unchanged), "triples_added": self.added, "triples_removed": self.removed,
                "observations": [*self.created, *self.replaced, *self.unchanged]}


@dataclass(frozen=True)
class _Observation:
    iri: str
    quads: list[Quad]


def load_observations(store: Store, rows: list[ObservationRow], settings: Settings, *, executor: QueryExecutor,
                      client: str = audit.ANONYMOUS) -> LoadResult:
    """Check ``rows`` and commit them through the write gate, all or nothing (ObservationError, ValidationError)."""
    base = settings.base_iri
    graph = NamedNode(graph_iri(base, OBSERVATIONS_GRAPH))
    observations, periods = _observations(store, rows, base, graph)
    held = _held(store, [o.iri for o in observations], graph, base)
    added, removed = [q for _, quads in periods for q in quads], []
    created, replaced, unchanged = [], [], []
    for observation in observations:
        old, new = held.get(observation.iri, set()), set(observation.quads)
        dropped = [q for q in old if q.predicate.value in REPLACED and _in_graph(q, observation.quads) not in new]
        fresh = [q for q in observation.quads if _in_graph(q, observation.quads) not in
                 {_in_graph(o, observation.quads) for o in old}]
        removed += dropped
        added += fresh
        (created if not old else replaced if dropped or fresh else unchanged).append(observation.iri)
    result = apply_update(store, _update_text(added, removed), settings, executor=executor, client=client)
    return LoadResult(len(rows), created, replaced, unchanged, result.added, result.removed)


def _observations(store: Store, rows: list[ObservationRow], base: str,
                  graph: NamedNode) -> tuple[list[_Observation], list[tuple[str, list[Quad]]]]:
    """The observations of ``rows`` and the new days they need, or ObservationError naming every bad row."""
    targets = monitored_targets(store, base)
    by_name = _names(targets)
    codes = status_codes(store)
    wanted = {entity_iri(base, "period", row.date) for row in rows if _parse_date(row.date) is not None}
    known_periods = period_spans(store, sorted(wanted))
    problems: list[RowProblem] = []
    observations: list[_Observation] = []
    new_days: dict[str, list[Quad]] = {}
    keys: dict[str, ObservationRow] = {}
    for row in rows:
        try:
            target = _resolve(row, targets, by_name)
            period, span = _period(row, target, base, known_periods)
            value = _value(row, target)
            code = _status(row, codes)
        except _RowRefused as refused:
            problems.append(row.problem(refused.reason, refused.column))
            continue
        iri = entity_iri(base, "observation", f"{target.dataset_slug}/{target.indicator_slug}/{period}")
        if iri in keys:
            first = keys[iri]
            where = f"row {first.row}" if first.row is not None else first.node
            problems.append(row.problem(f"the same target and date as {where}: one value per key", "date"))
            continue
        keys[iri] = row
        period_iri = entity_iri(base, "period", period)
        if period_iri not in known_periods:
            new_days[period_iri] = _day_quads(period_iri, period, span, graph)
        observations.append(_Observation(iri, _observation_quads(iri, target, period_iri, value, code, row, graph)))
    if problems:
        raise ObservationError(problems)
    return observations, list(new_days.items())


class _RowRefused(Exception):
    def __init__(self, reason: str, column: str) -> None:
        self.reason, self.column = reason, column


def _names(targets: dict[str, MonitoredTarget]) -> dict[str, list[MonitoredTarget]]:
    names: dict[str, list[MonitoredTarget]] = {}
    for target in targets.values():
        for name in {target.iri, target.indicator, target.label_zh, target.label_en} - {""}:
            names.setdefault(name, []).append(target)
    return names


def _resolve(row: ObservationRow, targets: dict[str, MonitoredTarget],
             by_name: dict[str, list[MonitoredTarget]]) -> MonitoredTarget:
    found = by_name.get(row.target, [])
    if not row.target:
        raise _RowRefused("no target", "target")
    if len(found) != 1:
        what = "names several targets" if found else "is not a quantitative target with an indicator"
        raise _RowRefused(f"{row.target[:200]!r} {what} (give its IRI or its exact label in zh or en)", "target")
    if found[0].span is None:
        raise _RowRefused(f"the target's data set {found[0].dataset} is not in the graph", "target")
    return found[0]


def _parse_date(text: str) -> tuple[int, date | None] | None:
    """(year, None) for ``2025``, (year, day) for ``2026-06-30``, else None."""
    if len(text) == 4 and text.isdigit():
        return int(text), None
    if len(text) == 10 and text[4] == text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit():
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        return day.year, day
    return None


def _period(row: ObservationRow, target: MonitoredTarget, base: str,
            known: dict[str, Span]) -> tuple[str, Span]:
    parsed = _parse_date(row.date)
    if parsed is None:
        raise _RowRefused(f"the date {row.date[:40]!r} is neither a year (2025) nor an ISO date (2026-06-30)", "date")
    year, day = parsed
    if day is not None and target.per_period:
        raise _RowRefused("the target is annual (每年): its values are for calendar years, give the year", "date")
    if day is None:
        start = datetime(year, 1, 1, tzinfo=CHINA)
        span = Span(start, start.replace(year=year + 1))
    else:
        start = datetime(day.year, day.month, day.day, tzinfo=CHINA)
        span = Span(start, start + timedelta(days=1))
    span = known.get(entity_iri(base, "period", row.date), span)
    if target.span is None or not target.span.covers(span):
        covered = f"{target.span.start.year}–{target.span.end.year - 1}" if target.span else "none"
        raise _RowRefused(f"the date {row.date} is outside the policy's span ({covered})", "date")
    return row.date, span


def _value(row: ObservationRow, target: MonitoredTarget) -> Literal:
    try:
        number = Decimal(row.value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise _RowRefused(f"the value {row.value[:40]!r} is not a number", "value")
    whole = number == number.to_integral_value()
    if target.count and (number < 0 or not whole):
        raise _RowRefused(f"the value {row.value} of a count must be a whole number, not negative", "value")
    if whole:
        return Literal(str(int(number)), datatype=NamedNode(XSD + "integer"))
    return Literal(format(number.normalize(), "f"), datatype=NamedNode(XSD + "decimal"))


def _status(row: ObservationRow, codes: dict[str, str]) -> str:
    given = row.obs_status or "A"
    if given in codes.values():  # a code's IRI (RDF payloads)
        return given
    if given not in codes:
        raise _RowRefused(f"the status {given[:20]!r} is not an SDMX observation status "
                          f"({', '.join(sorted(codes))})", "obs_status")
    return codes[given]


def _observation_quads(iri: str, target: MonitoredTarget, period: str, value: Literal, code: str,
                       row: ObservationRow, graph: NamedNode) -> list[Quad]:
    node = NamedNode(iri)
    facts = [(RDF_TYPE, NamedNode(QB + "Observation")), (QB + "dataSet", NamedNode(target.dataset)),
             (FIKG + "refIndicator", NamedNode(target.indicator)), (FIKG + "refPeriod", NamedNode(period)),
             (SDMX_MEASURE + "obsValue", value), (SDMX_ATTRIBUTE + "obsStatus", NamedNode(code))]
    if row.source:
        facts.append((SOURCE, _source(row.source)))
    return [Quad(node, NamedNode(p), o, graph) for p, o in facts]


def _source(text: str) -> NamedNode | Literal:
    if text.startswith(("http://", "https://")) and " " not in text:
        try:
            return NamedNode(text)
        except ValueError:
            pass
    return Literal(text)


def _day_quads(iri: str, day: str, span: Span, graph: NamedNode) -> list[Quad]:
    node, dt = NamedNode(iri), NamedNode(XSD + "dateTime")
    facts = [(RDF_TYPE, NamedNode(FIKG + "CalendarDay")), (RDF_TYPE, NamedNode(OWL_INDIVIDUAL)),
             (RDFS_LABEL, Literal(f"{int(day[:4])}年{int(day[5:7])}月{int(day[8:])}日", language="zh")),
             (RDFS_LABEL, Literal(day, language="en")),
             (FIKG + "periodStart", Literal(span.start.isoformat(), datatype=dt)),
             (FIKG + "periodEnd", Literal(span.end.isoformat(), datatype=dt))]
    return [Quad(node, NamedNode(p), o, graph) for p, o in facts]


def _held(store: Store, iris: list[str], graph: NamedNode, base: str) -> dict[str, set[Quad]]:
    """What the store holds about these observations (in any graph but the derived one), as quads of ``graph``
    when they are there, else of their own graph."""
    held: dict[str, set[Quad]] = {}
    inferred = NamedNode(graph_iri(base, INFERRED_GRAPH))
    for chunk in (iris[i:i + 500] for i in range(0, len(iris), 500)):
        values = " ".join(f"<{NamedNode(iri).value}>" for iri in chunk)
        for row in store.select(PREFIXES + f"""SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }}
                GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{inferred.value}>) }}"""):
            held.setdefault(row["s"].value, set()).add(Quad(row["s"], row["p"], row["o"], row["g"]))
    return held


def _in_graph(quad: Quad, new: list[Quad]) -> Quad:
    """``quad`` as it would be in the graph of the new quads (so a value held in another graph compares)."""
    return Quad(quad.subject, quad.predicate, quad.object, new[0].graph_name)


def _update_text(added: list[Quad], removed: list[Quad]) -> str:
    """DELETE DATA then INSERT DATA of these quads (terms written by the engine's own serialisation)."""
    def block(quads: list[Quad]) -> str:
        by_graph: dict[str, list[str]] = {}
        for q in quads:
            by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
        return " ".join(f"GRAPH {g} {{\n{chr(10).join(lines)}\n}}" for g, lines in by_graph.items())

    parts = ([f"DELETE DATA {{ {block(removed)} }}"] if removed else []) + [f"INSERT DATA {{ {block(added)} }}"]
    return " ;\n".join(parts)
