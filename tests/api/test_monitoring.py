"""POST /observations: CSV and JSON-LD loaded through the gate; refusals name the row and leave the store as it was."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from tests.helpers.api import AUTH, DATA_COUNT, number
from tests.helpers.monitoring import HEADER, ID, example_csv, monitoring_client
from tests.helpers.stores import StoreClient

CSV = {"Content-Type": "text/csv", **AUTH}
PILOT = ID + "target/2030-provincial-future-industry-pilot-zones"
PILOT_OBS = ID + "observation/jiangsu-2023-104-target-monitoring/provincial-future-industry-pilot-zones-built/"
OBSERVATIONS = "SELECT ?o ?v WHERE { ?o <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v } ORDER BY ?o"


@pytest.fixture
def client() -> Iterator[StoreClient]:
    with monitoring_client() as client:
        yield client


def dump(client: StoreClient) -> bytes:
    return client.get("/store", params={"graph": "https://w3id.org/fikg/graph/observations"},
                      headers={"Accept": "application/n-triples"}).content


def values(client: StoreClient) -> dict[str, str]:
    rows = client.get("/sparql", params={"query": OBSERVATIONS}).json()["results"]["bindings"]
    return {r["o"]["value"].removeprefix(ID + "observation/"): r["v"]["value"] for r in rows}


def test_the_example_csv_loads_and_reloading_it_changes_nothing(client: StoreClient) -> None:
    loaded = client.post("/observations", content=example_csv().encode(), headers=CSV)
    assert loaded.status_code == 200, loaded.text
    assert loaded.json()["rows"] == 17 and loaded.json()["created"] == 17
    got = values(client)
    assert got[PILOT_OBS.removeprefix(ID + "observation/") + "2026"] == "11"
    assert got["jiangsu-2023-104-target-monitoring/future-industry-platform-carriers-built/2026-06-30"] == "9"
    before = number(client.get("/sparql", params={"query": DATA_COUNT}))
    again = client.post("/observations", content=example_csv().encode(), headers=CSV)
    assert again.json()["unchanged"] == 17 and again.json()["triples_added"] == 0
    assert number(client.get("/sparql", params={"query": DATA_COUNT})) == before


def test_the_day_of_a_dated_value_is_made_with_it(client: StoreClient) -> None:
    client.post("/observations", content=example_csv().encode(), headers=CSV)
    day = client.get("/sparql", params={"query": f"SELECT ?s ?e WHERE {{ <{ID}period/2026-06-30> "
                                                 "<https://w3id.org/fikg/ontology#periodStart> ?s ; "
                                                 "<https://w3id.org/fikg/ontology#periodEnd> ?e }"}).json()
    (row,) = day["results"]["bindings"]
    assert (row["s"]["value"], row["e"]["value"]) == ("2026-06-30T00:00:00+08:00", "2026-07-01T00:00:00+08:00")


def test_reloading_a_key_replaces_its_value_status_and_source(client: StoreClient) -> None:
    client.post("/observations", content=f"{HEADER}{PILOT},2026,11,P,first release\n", headers=CSV)
    revised = client.post("/observations", content=f"{HEADER}{PILOT},2026,12,A,revised release\n", headers=CSV)
    assert revised.status_code == 200 and revised.json()["replaced"] == 1
    assert values(client)[PILOT_OBS.removeprefix(ID + "observation/") + "2026"] == "12"
    text = dump(client).decode()
    assert "first release" not in text and "revised release" in text and "obsStatus-P" not in text


def test_a_target_by_its_exact_label_in_zh_or_en(client: StoreClient) -> None:
    body = (f"{HEADER}到2030年，建设20个省级未来产业先导区,2024,5,,\n"
            "\"by 2030, build 20 provincial future industry pilot zones\",2025,8,,\n")
    loaded = client.post("/observations", content=body.encode(), headers=CSV)
    assert loaded.status_code == 200, loaded.text
    assert {k.rsplit("/", 1)[-1] for k in values(client)} == {"2024", "2025"}
    assert "obsStatus-A" in dump(client).decode()  # the status defaults to A (normal)


@pytest.mark.parametrize(("row", "column", "reason"), [
    ("https://w3id.org/fikg/id/target/none,2025,3,,", "target", "is not a quantitative target"),
    ("建设20个先导区,2025,3,,", "target", "is not a quantitative target"),  # not the exact label
    (f"{PILOT},2025,many,,", "value", "is not a number"),
    (f"{PILOT},2025,NaN,,", "value", "is not a number"),
    (f"{PILOT},2025,-3,,", "value", "whole number, not negative"),
    (f"{PILOT},2025,2.5,,", "value", "whole number, not negative"),
    (f"{PILOT},2040,3,,", "date", "outside the policy's span (2023–2035)"),
    (f"{PILOT},2022-12-31,3,,", "date", "outside the policy's span"),
    (f"{PILOT},25/06/2026,3,,", "date", "neither a year"),
    (f"{PILOT},2026-02-30,3,,", "date", "neither a year"),
    (f"{ID}target/annual-forward-looking-technology-projects,2026-06-30,3,,", "date", "annual"),
    (f"{PILOT},2025,3,X,", "obs_status", "not an SDMX observation status"),
])
def test_a_bad_row_is_refused_with_its_row_and_reason_and_nothing_is_stored(client: StoreClient, row, column,
                                                                             reason) -> None:
    client.post("/observations", content=f"{HEADER}{PILOT},2024,5,,\n".encode(), headers=CSV)
    before = dump(client)
    good = f"{PILOT},2023,2,A,ok\n"
    refused = client.post("/observations", content=f"# a comment\n{HEADER}{good}{row}\n{good.replace('2023', '2025')}"
                          .encode(), headers=CSV)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["rows"] == [{"row": 2, "line": 4, "column": column, "reason": problem["rows"][0]["reason"]}]
    assert reason in problem["rows"][0]["reason"] and "row 2" in problem["detail"]
    assert dump(client) == before  # the good rows were not stored either


def test_every_bad_row_is_named_and_repeated_keys_are_refused(client: StoreClient) -> None:
    body = f"{HEADER}{PILOT},2025,3,,\n{PILOT},2025,4,,\n{PILOT},1999,x,,\n"
    refused = client.post("/observations", content=body.encode(), headers=CSV)
    assert refused.status_code == 422
    assert [(p["row"], p["column"]) for p in refused.json()["rows"]] == [(2, "date"), (3, "date")]
    assert "row 1" in refused.json()["rows"][0]["reason"]
    assert values(client) == {}


def test_a_malformed_file_and_the_wrong_media_type(client: StoreClient) -> None:
    assert client.post("/observations", content=b"goal,when\nx,2025\n", headers=CSV).status_code == 422
    assert client.post("/observations", content=HEADER.encode(), headers=CSV).status_code == 422  # no rows
    pdf = {"Content-Type": "application/pdf", **AUTH}
    assert client.post("/observations", content=b"x", headers=pdf).status_code == 415
    assert client.post("/observations", content=b"\xff", headers=CSV).status_code == 400


def test_loading_needs_the_write_token(client: StoreClient) -> None:
    body = f"{HEADER}{PILOT},2025,3,,\n".encode()
    assert client.post("/observations", content=body, headers={"Content-Type": "text/csv"}).status_code == 401
    wrong = {"Content-Type": "text/csv", "Authorization": "Bearer wrong"}
    assert client.post("/observations", content=body, headers=wrong).status_code == 403
    assert values(client) == {}


def test_json_ld_data_cube_observations_load_as_rows_do(client: StoreClient) -> None:
    document = {"@context": {"fikg": "https://w3id.org/fikg/ontology#",
                             "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
                             "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
                             "dcterms": "http://purl.org/dc/terms/"},
                "@graph": [{"@type": "http://purl.org/linked-data/cube#Observation",
                            "fikg:refIndicator": {"@id": ID + "indicator/provincial-future-industry-pilot-zones-built"},
                            "fikg:refPeriod": {"@id": ID + "period/2025"}, "sdmx-measure:obsValue": 8,
                            "sdmx-attribute:obsStatus": {
                                "@id": "http://purl.org/linked-data/sdmx/2009/code#obsStatus-E"},
                            "dcterms:source": "a JSON-LD release"},
                           {"@id": "http://ex/bad", "fikg:refIndicator": {"@id": ID + "indicator/none"},
                            "fikg:refPeriod": {"@id": ID + "period/2025"}, "sdmx-measure:obsValue": 1}]}
    headers = {"Content-Type": "application/ld+json", **AUTH}
    refused = client.post("/observations", content=json.dumps(document), headers=headers)
    assert refused.status_code == 422 and refused.json()["rows"][0]["node"] == "http://ex/bad"
    document["@graph"].pop()
    loaded = client.post("/observations", content=json.dumps(document), headers=headers)
    assert loaded.status_code == 200, loaded.text
    assert values(client) == {PILOT_OBS.removeprefix(ID + "observation/") + "2025": "8"}
    assert "obsStatus-E" in dump(client).decode()


def test_the_progress_of_a_target_in_json_and_json_ld(client: StoreClient) -> None:
    client.post("/observations", content=example_csv().encode(), headers=CSV)
    answer = client.get("/targets/2030-provincial-future-industry-pilot-zones/progress")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert (body["status"], body["ratio"], body["latest"]["value"], len(body["series"])) == ("on_track", 1.1667, 11, 3)
    assert body["section"] == "三(二)" and body["sentence"]["text"].startswith("到2030年，建设20个省级未来产业先导区")
    assert "省工业和信息化厅" in [a["label"]["zh"] for a in body["agencies"]]
    linked = client.get("/targets/2030-provincial-future-industry-pilot-zones/progress",
                        headers={"Accept": "application/ld+json"})
    assert linked.headers["content-type"] == "application/ld+json"
    triples = {(t.subject.value, t.predicate.value, t.object.value)
               for t in ox.parse(linked.content, format=ox.RdfFormat.JSON_LD)}
    observation = PILOT_OBS + "2026"
    assert (observation, "http://purl.org/linked-data/sdmx/2009/measure#obsValue", "11") in triples
    assert (observation, "https://w3id.org/fikg/ontology#refPeriod", ID + "period/2026") in triples
    assert (PILOT, "https://w3id.org/fikg/progress#status", "on_track") in triples
    assert (PILOT, "https://w3id.org/fikg/ontology#sectionNumber", "三(二)") in triples
    assert client.get("/targets/no-such-target/progress").status_code == 404
    assert client.get("/targets/2030-provincial-future-industry-pilot-zones/progress",
                      headers={"Accept": "image/png"}).status_code == 406


def test_the_series_downloads_as_csv_that_loads_back_and_as_a_data_cube(client: StoreClient) -> None:
    client.post("/observations", content=example_csv().encode(), headers=CSV)
    path = "/targets/2025-future-industry-platform-carriers/observations"
    downloaded = client.get(path, params={"format": "csv"})
    assert downloaded.status_code == 200 and downloaded.headers["content-type"].startswith("text/csv")
    assert "attachment" in downloaded.headers["content-disposition"]
    lines = downloaded.text.splitlines()
    assert lines[0] == "target,date,value,obs_status,source" and len(lines) == 5
    assert lines[-1].startswith(f"{ID}target/2025-future-industry-platform-carriers,2026-06-30,9,P,")
    again = client.post("/observations", content=downloaded.content, headers=CSV)
    assert again.json()["unchanged"] == 4
    cube = client.get(path, headers={"Accept": "text/turtle"})
    assert cube.headers["content-type"].startswith("text/turtle")
    graph = {(t.subject.value, t.predicate.value, t.object.value)
             for t in ox.parse(cube.content, format=ox.RdfFormat.TURTLE)}
    dataset = ID + "dataset/jiangsu-2023-104-target-monitoring"
    assert (dataset, "http://purl.org/linked-data/cube#structure", ID + "structure/target-monitoring") in graph
    assert sum(1 for s, p, o in graph if o == "http://purl.org/linked-data/cube#Observation") == 4
    assert (ID + "period/2026-06-30", "https://w3id.org/fikg/ontology#periodEnd", "2026-07-01T00:00:00+08:00") in graph
    assert client.get(path, params={"format": "xlsx"}).status_code == 400


def test_the_named_query_target_progress_has_the_status_column_in_every_format(client: StoreClient) -> None:
    client.post("/observations", content=example_csv().encode(), headers=CSV)
    rows = client.get("/queries/target-progress").json()
    assert {r["iri"].removeprefix(ID + "target/"): r["status"] for r in rows} == {
        "2025-future-industry-platform-carriers": "missed", "2025-future-industry-leading-talents": "achieved",
        "annual-forward-looking-technology-projects": "behind", "2030-provincial-future-industry-pilot-zones":
        "on_track", "2030-open-application-scenarios": "needs_acceleration",
        "2030-future-industry-innovation-talents": "deterioration"}
    one = client.get("/queries/target-progress", params={"target": PILOT}).json()
    assert [(r["iri"], r["status"]) for r in one] == [(PILOT, "on_track")]
    table = client.get("/queries/target-progress", params={"format": "csv"}).text.splitlines()
    assert table[0].split(",")[-4:] == ["status", "ratio", "required_pace", "observed_pace"]
    assert any(line.startswith(f",{PILOT},") and ",on_track,1.1667," in line for line in table[1:])
    results = client.get("/queries/target-progress", params={"format": "srj"}).json()
    assert "status" in results["head"]["vars"]
    assert {b["status"]["value"] for b in results["results"]["bindings"]} >= {"on_track", "missed", "behind"}


def test_loading_and_progress_on_every_kind_of_store(store_kind: str) -> None:
    """The loader's reads (graphs, EXISTS, VALUES) and the progress queries on the remote engines too."""
    with monitoring_client(store_kind) as client:
        assert client.post("/observations", content=example_csv().encode(), headers=CSV).json()["created"] == 17
        assert client.post("/observations", content=example_csv().encode(), headers=CSV).json()["unchanged"] == 17
        progress = client.get("/targets/2030-provincial-future-industry-pilot-zones/progress").json()
        assert (progress["status"], len(progress["series"]), len(progress["agencies"])) == ("on_track", 3, 5)
        rows = client.get("/queries/target-progress").json()
        assert sorted(r["status"] for r in rows) == sorted(
            ["missed", "achieved", "behind", "on_track", "needs_acceleration", "deterioration"])
