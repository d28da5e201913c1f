"""GET /diff and /diff/entity (api/routers/diff.py): differences between versions, as RDF Patch, JSON and pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.journal import apply_transaction, open_journal, read_transactions, replay
from tests.helpers.project import SIC
from tests.helpers.versioned_app import versioned_client

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture
def app(tmp_path) -> Iterator[tuple[TestClient, list[str]]]:
    with versioned_client(tmp_path / "project") as found:
        yield found


def test_the_patch_from_a_applied_to_a_gives_b(app) -> None:
    client, (published, renamed, noted) = app
    journal = open_journal(client.app.state.settings, client.app.state.test_store)
    for source, target in ((published, noted), (noted, published), (renamed, noted), (published, published)):
        answer = client.get("/diff", params={"from": source, "to": target})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/rdf-patch")
        version = replay(journal, upto=source)
        for transaction in read_transactions(answer.text):
            apply_transaction(version, transaction)
        assert set(version) == set(replay(journal, upto=target))
    assert "TX ." in client.get("/diff", params={"from": published}).text  # to: the current version
    assert set(replay(journal)) == set(client.app.state.test_store.quads())


def test_the_summary_per_entity_names_what_changed_with_labels(app) -> None:
    client, (published, _, noted) = app
    summary = client.get("/diff", params={"from": published, "to": noted}, headers={"Accept": "application/json"})
    body = summary.json()
    assert body["from"]["id"] == published and body["to"]["id"] == noted
    sic = next(e for e in body["entities"] if e["iri"] == SIC)
    assert sic["status"] == "changed" and sic["label"]["zh"] == "碳化硅"
    label = next(p for p in sic["properties"] if p["predicate"] == LABEL)
    assert label["removed"] == ['"Silicon carbide"@en'] and label["added"] == ['"SiC"@en']
    page = client.get("/diff", params={"from": published, "to": noted, "lang": "zh"}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "碳化硅" in page.text and "<del>" in page.text and "对照" in page.text


def test_dates_and_errors(app) -> None:
    client, (published, _, _) = app
    assert client.get("/diff", params={"from": "2001-01-01"}).status_code == 404  # before the first publication
    assert client.get("/diff", params={"from": "nonsense"}).status_code == 404
    assert client.get("/diff").status_code == 400  # from is required
    empty = client.get("/diff", params={"from": "2100-01-01"}).text  # the current version against itself
    assert empty.splitlines()[-2:] == ["TX .", "TC ."]
    assert client.get("/diff/entity", params={"iri": "not an iri", "from": published}).status_code == 400


def test_an_entity_side_by_side(app) -> None:
    client, (published, _, noted) = app
    params = {"iri": SIC, "from": published, "to": noted}
    rows = client.get("/diff/entity", params=params, headers={"Accept": "application/json"}).json()["properties"]
    label = next(r for r in rows if r["predicate"] == LABEL)
    assert label["differs"] and '"Silicon carbide"@en' in label["before"] and '"SiC"@en' in label["after"]
    assert not next(r for r in rows if r["predicate"].endswith("#industry"))["differs"]
    page = client.get("/diff/entity", params={**params, "lang": "en"})
    assert page.status_code == 200 and "Silicon carbide" in page.text and "<ins>" in page.text
