"""?version= and ?asOf= (api/versions.py): /sparql, /id/…, /api/… and the pages answer as of an old version."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.journal import open_journal
from tests.helpers.project import SIC
from tests.helpers.versioned_app import versioned_client

ASK_OLD_NAME = f'ASK {{ <{SIC}> <http://www.w3.org/2000/01/rdf-schema#label> "Silicon carbide"@en }}'
SPARQL_JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture
def app(tmp_path) -> Iterator[tuple[TestClient, list[str]]]:
    with versioned_client(tmp_path / "project") as found:
        yield found


def ask(client: TestClient, **params: str) -> bool:
    answer = client.get("/sparql", params={"query": ASK_OLD_NAME, **params}, headers=SPARQL_JSON)
    assert answer.status_code == 200, answer.text
    return answer.json()["boolean"]


def test_sparql_answers_as_of_a_change_a_date_or_the_current_version(app) -> None:
    client, (published, renamed, noted) = app
    assert ask(client) is False  # the live data: renamed
    assert ask(client, version=published) is True
    assert ask(client, version=published.removeprefix("uuid:")) is True  # the prefix may be left out
    assert ask(client, version=renamed) is False
    entry = open_journal(client.app.state.settings, client.app.state.test_store).entry(published)
    assert ask(client, asOf=entry.time.isoformat()) is True
    answer = client.get("/sparql", params={"query": ASK_OLD_NAME, "version": published}, headers=SPARQL_JSON)
    assert answer.headers["x-kg-version"] == published
    assert answer.headers["memento-datetime"].endswith(" GMT")
    posted = client.post("/sparql", data={"query": ASK_OLD_NAME, "version": published}, headers=SPARQL_JSON)
    assert posted.json()["boolean"] is True and posted.headers["x-kg-version"] == published
    current = client.get("/sparql", params={"query": ASK_OLD_NAME, "version": noted}, headers=SPARQL_JSON)
    assert current.headers["x-kg-version"] == noted and current.json()["boolean"] is False
    assert "x-kg-version" not in client.get("/sparql", params={"query": ASK_OLD_NAME}, headers=SPARQL_JSON).headers


def test_an_old_version_is_queried_in_its_own_guarded_executor(app) -> None:
    client, (published, _, _) = app
    ask(client, version=published)
    executor = client.app.state.version_executor
    assert executor is not client.app.state.executor
    assert executor.settings is client.app.state.settings  # the same limits: time, rows, sandbox
    assert client.app.state.version_snapshots.kept() == [published]
    rows = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "version": published},
                      headers=SPARQL_JSON)
    assert rows.status_code == 200 and rows.json()["results"]["bindings"]


def test_the_snapshots_are_bounded(tmp_path) -> None:
    with versioned_client(tmp_path / "project", version_snapshots=1) as (client, (published, renamed, _)):
        ask(client, version=published)
        ask(client, version=renamed)
        assert client.app.state.version_snapshots.kept() == [renamed]


@pytest.mark.parametrize(("params", "status", "says"), [
    ({"version": "uuid:00000000-0000-0000-0000-000000000000"}, 404, "no version"),
    ({"version": "no-such-release"}, 404, "nor a release name"),
    ({"asOf": "2001-01-01T00:00:00Z"}, 404, "before the first publication"),
    ({"asOf": "last tuesday"}, 400, "ISO 8601"),
    ({"asOf": "2030-01-01", "version": "x"}, 400, "not both"),
])
def test_versions_that_cannot_be_shown(app, params, status, says) -> None:
    client, _ = app
    answer = client.get("/sparql", params={"query": ASK_OLD_NAME, **params}, headers=SPARQL_JSON)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/problem+json") and says in answer.json()["detail"]
    assert client.get("/id/technology/silicon-carbide", params=params,
                      headers={"Accept": "text/turtle"}).status_code == status


def test_linked_data_json_ld_and_pages_show_the_version_asked_for(app) -> None:
    client, (published, _, _) = app
    turtle = {"Accept": "text/turtle"}
    assert "Silicon carbide" not in client.get("/id/technology/silicon-carbide", headers=turtle).text
    old = client.get("/id/technology/silicon-carbide", params={"version": published}, headers=turtle)
    assert "Silicon carbide" in old.text and old.headers["x-kg-version"] == published
    assert f"version={published.replace(':', '%3A')}" in old.headers["content-location"]
    redirect = client.get("/id/technology/silicon-carbide", params={"version": published},
                          headers={"Accept": "text/html"}, follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"].endswith(published.replace(":", "%3A"))
    document = client.get("/api/technology/silicon-carbide", params={"version": published}).text
    assert "Silicon carbide" in document
    page = client.get("/entity/technology/silicon-carbide", params={"version": published, "lang": "en"})
    assert "Silicon carbide" in page.text and 'class="version-banner"' in page.text
    assert "earlier version" in page.text and page.headers["memento-datetime"]
    compare = page.text.split('class="compare" href="')[1].split('"')[0].replace("&amp;", "&")
    assert compare.startswith("/diff/entity?iri=") and client.get(compare).status_code == 200
    assert 'class="version-banner"' not in client.get("/entity/technology/silicon-carbide").text


def test_the_query_page_shows_the_version_its_queries_run_on(app) -> None:
    client, (published, _, _) = app
    page = client.get("/query", params={"version": published, "lang": "en"})
    assert page.status_code == 200 and 'class="version-banner"' in page.text
    assert client.get("/query", params={"version": "nope"}).status_code == 404
