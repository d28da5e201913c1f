"""The monitored targets of the real graph, their data set and span; periods and fractional years."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from kg.monitoring.targets import Span, fractional_year, instant, monitored_targets, period_spans, status_codes
from kg.store.embedded import EmbeddedStore

BASE = "https://w3id.org/fikg/"
ID = BASE + "id/"


def test_every_quantitative_target_is_monitored_in_its_document_data_set(real_store: EmbeddedStore) -> None:
    targets = monitored_targets(real_store, BASE)
    assert len(targets) == 6
    annual = targets[ID + "target/annual-forward-looking-technology-projects"]
    assert annual.per_period and annual.count
    assert annual.indicator_slug == "forward-looking-technology-projects-implemented-in-the-year"
    assert {t.dataset for t in targets.values()} == {ID + "dataset/jiangsu-2023-104-target-monitoring"}
    span = annual.span
    assert (span.start.isoformat(), span.end.isoformat()) == ("2023-01-01T00:00:00+08:00", "2036-01-01T00:00:00+08:00")
    assert sum(t.per_period for t in targets.values()) == 1


def test_status_codes_and_periods(real_store: EmbeddedStore) -> None:
    assert sorted(status_codes(real_store)) == ["A", "B", "E", "I", "P"]
    spans = period_spans(real_store, [ID + "period/2025", ID + "period/2099", ID + "period/2026-06-30"])
    assert list(spans) == [ID + "period/2025"]  # the years of the span are in the graph, days are made on load
    assert spans[ID + "period/2025"].end == instant("2026-01-01T00:00:00+08:00")


def test_fractional_years_and_spans() -> None:
    china = timezone(timedelta(hours=8))
    assert fractional_year(datetime(2026, 1, 1, tzinfo=china)) == 2026.0
    assert fractional_year(datetime(2026, 7, 1, tzinfo=china)) == 2026 + 181 / 365
    year = Span(datetime(2025, 1, 1, tzinfo=china), datetime(2026, 1, 1, tzinfo=china))
    assert year.covers(Span(datetime(2025, 6, 30, tzinfo=china), datetime(2025, 7, 1, tzinfo=china)))
    assert not year.covers(Span(datetime(2025, 12, 31, tzinfo=china), datetime(2026, 1, 2, tzinfo=china)))
