"""The downloads of a report: CSV in the loader's columns, JSON-LD that says what the JSON says."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from kg.monitoring.progress import Observation, TargetProgress
from kg.monitoring.rows import COLUMNS
from kg.monitoring.series_export import PROGRESS_NS, progress_jsonld, series_csv

T = "https://w3id.org/fikg/id/target/t"
OBS = Observation("https://w3id.org/fikg/id/observation/d/i/2025", "2025", "https://w3id.org/fikg/id/period/2025",
                  2026.0, 8, "P", "http://purl.org/linked-data/sdmx/2009/code#obsStatus-P", 'a "quoted", source')
REPORT = TargetProgress(T, "t", {"zh": "目标", "en": "target"}, 20, "exactly", "个", 2030, None, "三(二)",
                        {"iri": "https://w3id.org/fikg/id/sentence/s", "text": "到2030年"}, {}, None, [], "on_track",
                        1.2, 2.5, 3.0, OBS, [OBS])


def test_the_csv_has_the_loaders_columns_and_quotes_what_needs_it() -> None:
    rows = list(csv.reader(io.StringIO(series_csv(REPORT))))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1] == [T, "2025", "8", "P", 'a "quoted", source']


def test_the_json_ld_states_the_observations_labels_and_status() -> None:
    document = json.dumps(progress_jsonld(REPORT), ensure_ascii=False)
    triples = {(t.subject.value, t.predicate.value, t.object.value)
               for t in ox.parse(document, format=ox.RdfFormat.JSON_LD)}
    assert (OBS.iri, "http://purl.org/linked-data/sdmx/2009/measure#obsValue", "8") in triples
    assert (OBS.iri, "http://purl.org/linked-data/sdmx/2009/attribute#obsStatus", OBS.status_code) in triples
    assert (OBS.iri, "https://w3id.org/fikg/ontology#refPeriod", OBS.period) in triples
    assert (T, "http://www.w3.org/2000/01/rdf-schema#label", "目标") in triples
    assert (T, PROGRESS_NS + "status", "on_track") in triples
    assert (T, "https://w3id.org/fikg/ontology#targetYear", "2030") in triples
