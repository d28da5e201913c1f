"""Pages for people over a tiny graph: structure, titles, lang attributes, language choice, headers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.stores import app_client

DATA = Path(__file__).parent.parent / "data"
TECH = "/entity/technology/seawater-hydrogen"
ID = "https://w3id.org/fikg/id/"
STATIC = Path(__file__).resolve().parents[2] / "api" / "static"


@pytest.fixture
def client(project: Path, store_kind: str) -> Iterator[TestClient]:
    (project / "queries").mkdir()
    (project / "queries" / "list-agencies.rq").write_text(
        "# title: List agencies\n# title@zh: 机构列表\n"
        "SELECT ?agency WHERE { ?agency a <http://www.w3.org/ns/org#Organization> }\n",
        encoding="utf-8")
    store = EmbeddedStore(None)
    store.load(DATA / "pages.ttl", graph="https://w3id.org/fikg/graph/pages")
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:")
    with app_client(store_kind, settings, store) as test_client:
        yield test_client


class Page(HTMLParser):
    """Collects the title, the html lang, every lang attribute and the hrefs/srcs of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.title, self.html_lang, self.langs, self.links, self.assets = "", None, [], [], []
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if "lang" in attributes:
            self.langs.append(attributes["lang"])
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag in ("script", "link", "img") and (attributes.get("src") or attributes.get("href")):
            self.assets.append(attributes.get("src") or attributes.get("href"))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if self._in_title:
            self._done = True
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and not getattr(self, "_done", False):  # the page title, not SVG <title>s
            self.title += data


def assert_secure_html(response) -> None:
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert not re.search(r"https?://", csp), "no remote origins in the CSP"
    assert response.headers["x-content-type-options"] == "nosniff"
    page = Page(response.text)
    assert all(not re.match(r"(https?:)?//", asset) for asset in page.assets), page.assets


@pytest.mark.parametrize("path", ["/", "/query", "/targets", TECH, "/entity/industry/hydrogen-energy",
                                  "/search?q=hydrogen"])
def test_every_page_is_html_with_a_title_lang_and_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert response.status_code == 200
    assert_secure_html(response)
    page = Page(response.text)
    assert page.html_lang == "en"
    assert page.title.strip().endswith("Future Industries Knowledge Graph")
    assert 'href="#main"' in response.text and 'id="main"' in response.text  # skip link


def test_home_shows_counts_the_document_search_and_named_queries(client: TestClient) -> None:
    response = client.get("/", params={"lang": "en"})
    text = response.text
    assert ('<li data-kind="technology"><a href="/kinds/technology">technologies</a> <span class="num">1</span></li>'
            in text)
    assert "Test document" in text and "测〔2023〕1号" in text
    assert 'id="search-box"' in text and 'role="search"' in text
    assert "List agencies" in text and "/queries/list-agencies" in text and "/query?example=list-agencies" in text
    assert 'href="/docs"' in text


def test_language_comes_from_the_parameter_then_the_cookie_then_accept_language(client: TestClient) -> None:
    assert Page(client.get("/", headers={"Accept-Language": "zh-CN,zh"}).text).html_lang == "zh-Hans"
    switched = client.get(TECH, params={"lang": "zh"})
    assert "lang=zh" in switched.headers["set-cookie"]
    page = Page(switched.text)
    assert page.html_lang == "zh-Hans"
    assert "<h1 lang=\"zh\">海水制氢</h1>" in switched.text
    assert page.title.startswith("海水制氢")
    # The cookie persists the choice for the next page, whatever the browser asks for.
    following = client.get("/targets", headers={"Accept-Language": "en"})
    assert Page(following.text).html_lang == "zh-Hans"
    client.get("/", params={"lang": "en"})
    assert Page(client.get(TECH).text).html_lang == "en"


def test_unknown_language_is_ignored(client: TestClient) -> None:
    response = client.get("/", params={"lang": "fr"}, headers={"Accept-Language": "en"})
    assert Page(response.text).html_lang == "en"
    assert "set-cookie" not in response.headers


def test_technology_page_names_the_agencies_that_cover_it_and_the_sentences(client: TestClient) -> None:
    text = client.get(TECH, params={"lang": "en"}).text
    coverage = text[text.index('id="coverage-heading"'):text.index('id="graph-heading"')]
    assert 'href="/entity/agency/science-department"' in coverage
    assert "Provincial Department of Science and Technology" in coverage
    assert "/entity/measure/scenario-pull" in coverage
    assert '<p lang="zh">围绕氢能等领域前沿科技，建设验证场景，突破海水制氢技术。</p>' in coverage  # naming sentence
    assert '<p lang="zh">（省科技厅等按职责分工负责）</p>' in coverage  # responsibility clause
    assert "三(三)" in coverage
    assert '<p class="other-label" lang="zh">海水制氢</p>' in text


def test_entity_facts_are_grouped_by_property_with_their_source(client: TestClient) -> None:
    text = client.get("/entity/measure/scenario-pull", params={"lang": "en"}).text
    group = text[text.index('data-property="https://w3id.org/fikg/ontology#namesIndustry"'):]
    group = group[:group.index("</section>")]
    assert 'href="/entity/industry/hydrogen-energy"' in group
    assert "围绕氢能等领域前沿科技" in group and "三(三)" in group


def test_graph_view_reaches_from_an_industry_through_a_measure_to_an_agency(client: TestClient) -> None:
    text = client.get("/entity/industry/hydrogen-energy").text
    svg = text[text.index("<svg"):text.index("</svg>")]
    links = re.findall(r'<a href="([^"]+)" class="node (\w+) hop(\d)"', svg)
    assert ("/entity/industry/hydrogen-energy", "industry", "0") in links
    assert ("/entity/technology/seawater-hydrogen", "technology", "1") in links
    assert ("/entity/measure/scenario-pull", "measure", "1") in links
    assert ("/entity/agency/science-department", "agency", "2") in links
    assert svg.count("<line ") >= 3


def test_unknown_entity_is_a_404_page(client: TestClient) -> None:
    response = client.get("/entity/technology/no-such-thing")
    assert response.status_code == 404
    assert_secure_html(response)
    assert "no-such-thing" in response.text


@pytest.fixture
def unsafe_client(project: Path, store_kind: str) -> Iterator[TestClient]:
    """The pages' graph with IRIs of other schemes stored as values of an entity (M3 in the security review)."""
    store = EmbeddedStore(None)
    store.load(DATA / "pages.ttl", graph="https://w3id.org/fikg/graph/pages")
    store.update(f"INSERT DATA {{ GRAPH <https://w3id.org/fikg/graph/pages> {{ "
                 f"<{ID}technology/seawater-hydrogen> <http://www.w3.org/2000/01/rdf-schema#seeAlso> "
                 "<javascript:alert(document.domain)>, <data:text/html,x>, <https://example.org/ok> . "
                 "<javascript:alert(document.domain)> <http://www.w3.org/2000/01/rdf-schema#label> 'click'@en } }")
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:")
    with app_client(store_kind, settings, store) as test_client:
        yield test_client


def test_iris_of_other_schemes_are_text_not_links(unsafe_client: TestClient) -> None:
    response = unsafe_client.get(TECH, params={"lang": "en"})
    assert_secure_html(response)  # the CSP stays as it is: a second wall, no longer the only one
    links = Page(response.text).links
    assert not [link for link in links if not link.startswith(("/", "#", "?", "http://", "https://"))], links
    assert "https://example.org/ok" in links
    assert re.search(r'<span class="unlinked"[^>]*>(click|javascript:alert\(document.domain\))</span>', response.text)
    labels = unsafe_client.post("/labels", json=["javascript:alert(document.domain)", f"{ID}technology/x"]).json()
    assert labels["javascript:alert(document.domain)"] == {"label": "click", "lang": "en", "href": None}


def test_targets_page_places_each_target_on_the_timeline_with_comparator(client: TestClient) -> None:
    text = client.get("/targets", params={"lang": "en"}).text
    assert all(f'<span class="year">{year}</span>' in text for year in range(2023, 2036))
    assert '<li class="marker y2030">' in text
    assert "≥50" in text and "at least (以上)" in text
    assert 'href="/entity/scenario/open-scenarios"' in text  # what is counted
    assert 'href="/entity/measure/scenario-pull"' in text  # grouped by the measure that sets it
    milestones = text[text.index('id="milestones-heading"'):]
    assert 'id="milestones-2030"' in milestones and 'href="/entity/milestone/2030-07"' in milestones


def test_query_page_prefills_prefixes_and_lists_named_queries(client: TestClient) -> None:
    text = client.get("/query", params={"lang": "zh"}).text
    assert "PREFIX fikg: &lt;https://w3id.org/fikg/ontology#&gt;" in text
    assert '<option value="list-agencies" data-query' in text and "机构列表" in text
    chosen = client.get("/query", params={"example": "list-agencies"}).text
    assert '<option value="list-agencies" selected data-query' in chosen
    assert "/static/vendor/codemirror/codemirror.js" in text and "/static/query.js" in text


def test_search_suggestions_match_zh_and_en_labels(client: TestClient) -> None:
    zh = client.get("/search/suggest", params={"q": "海水", "lang": "zh"}).json()
    assert zh[0]["href"] == TECH and zh[0]["label"] == "海水制氢" and zh[0]["lang"] == "zh"
    en = client.get("/search/suggest", params={"q": "HYDROGEN", "lang": "en"}).json()
    assert [hit["href"] for hit in en][:1] == ["/entity/industry/hydrogen-energy"]  # exact-ish and shortest first
    assert TECH in [hit["href"] for hit in en]
    assert client.get("/search/suggest", params={"q": "  "}).json() == []
    too_long = client.get("/search/suggest", params={"q": "x" * 201})
    assert too_long.status_code == 400 and too_long.headers["content-type"] == "application/problem+json"
    assert "x" * 50 not in too_long.text, "the input is not echoed back"


def test_labels_endpoint_labels_iris_and_links_entity_pages(client: TestClient) -> None:
    iri = "https://w3id.org/fikg/id/agency/science-department"
    body = client.post("/labels", params={"lang": "zh"}, json=[iri, "not an iri", "http://example.org/x"]).json()
    assert body == {iri: {"label": "省科技厅", "lang": "zh", "href": "/entity/agency/science-department"}}
    too_many = client.post("/labels", json=["x"] * 2001)
    assert too_many.status_code == 400 and too_many.json()["detail"] == "at most 2000 IRIs at a time, not 2001"
    for body in ({"iris": [iri]}, [iri, 5], "not json"):
        refused = client.post("/labels", content=json.dumps(body) if body != "not json" else body)
        assert refused.status_code == 400 and refused.headers["content-type"] == "application/problem+json"


def test_static_assets_are_served_locally_with_their_licence(client: TestClient) -> None:
    response = client.get("/static/vendor/codemirror/codemirror.js")
    assert response.status_code == 200 and response.headers["x-content-type-options"] == "nosniff"
    assert "MIT" in (STATIC / "vendor" / "codemirror" / "LICENSE").read_text()
    for asset in STATIC.rglob("*.js"):
        assert not re.search(r"""(src|href)\s*=\s*["']https?://""", asset.read_text(encoding="utf-8")), asset


def test_api_docs_load_swagger_ui_from_this_server(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assets = Page(response.text).assets
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in assets
    assert not re.search(r"""(src|href)=["']https?://""", response.text)
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert "Apache License" in (STATIC / "vendor" / "swagger-ui" / "LICENSE").read_text()


def test_a_sentence_page_shows_its_text_and_what_it_names_without_an_empty_graph(client: TestClient) -> None:
    text = client.get("/entity/sentence/doc-1-3-3-s2", params={"lang": "en"}).text
    assert '<blockquote class="citation text-of-entity"><p lang="zh">（省科技厅等按职责分工负责）</p>' in text
    assert "<svg" not in text  # its only neighbours are bookkeeping nodes
    named = client.get("/entity/sentence/doc-1-3-3-s1", params={"lang": "en"}).text
    assert 'href="/entity/technology/seawater-hydrogen"' in named


def visible_text(html: str) -> str:
    """The text a reader sees (tags and the graph's SVG removed, spaces collapsed)."""
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_measure_lists_its_responsible_parties_in_text_order_with_the_lead_marked(real_client: TestClient) -> None:
    html = real_client.get("/entity/measure/strengthen-application-scenario-pull?lang=zh").text
    group = html.split('data-property="https://w3id.org/fikg/ontology#hasResponsibility"')[1].split("</section>")[0]
    parties = re.findall(r'<li( class="lead-party")?>.*?<a href="/entity/agency/[^"]+" lang="zh">([^<]+)</a>', group)
    names = [name for _, name in parties]
    clause = ("省工业和信息化厅、省发展改革委、省科技厅、省委网信办、省农业农村厅、省商务厅、省能源局、省交通运输厅、"
              "省住房城乡建设厅、省教育厅、省卫生健康委、省国资委、省药监局、省文化和旅游厅")
    assert names == clause.split("、")
    assert [bool(lead) for lead, _ in parties] == [True] + [False] * 13
    assert group.count("按职责分工负责") == 1  # the clause shown once for the group, not once per party
    assert "牵头" in visible_text(group)


def test_an_agency_lists_its_measures_in_document_order_in_both_languages(real_client: TestClient) -> None:
    for lang, first, second in (("zh", "强化场景应用牵引", "加大关键要素支撑"),
                                ("en", "Strengthen the pull of application scenarios",
                                 "Increase the support of key factors")):
        text = visible_text(real_client.get(f"/entity/agency/provincial-department-of-education?lang={lang}").text)
        assert text.index(f"三(三) {first}") < text.index(f"三(四) {second}")


def test_entity_pages_hide_ordinals_and_show_booleans_as_words(real_client: TestClient) -> None:
    html = real_client.get("/entity/responsibility/strengthen-application-scenario-pull-10?lang=zh").text
    assert "ontology#position" not in html and "ontology#isLead" not in html
    measure = visible_text(real_client.get("/entity/measure/strengthen-application-scenario-pull?lang=zh").text)
    assert "适用于全部未来产业 (1) 否" in measure and "false" not in measure


def test_reading_view_shows_every_section_in_order_with_sentences_linked_to_entities(real_client: TestClient) -> None:
    response = real_client.get("/read?lang=zh")
    assert response.status_code == 200
    html = response.text
    headings = re.findall(r'<h[2-4] id="jiangsu-2023-104-([0-9-]+)-heading">', html)
    assert headings.index("3-3") < headings.index("3-4") < headings.index("4-1") < headings.index("4-3")
    sentence = html.split('id="jiangsu-2023-104-3-3-s2"')[1].split("</li>\n</ul>")[0]
    assert "围绕氢能、新型储能、量子科技" in sentence
    assert '<a href="/entity/industry/hydrogen-energy" lang="zh">氢能</a>' in sentence
    assert '<a href="/read">' in real_client.get("/?lang=zh").text


def test_home_links_named_queries_to_working_examples_and_kinds_to_their_lists(real_client: TestClient) -> None:
    html = real_client.get("/?lang=zh").text
    examples = [href.replace("&amp;", "&") for href in re.findall(r'class="example" href="([^"]+)"', html)]
    assert len(examples) >= 10
    for href in examples:
        answer = real_client.get(href)
        # links between documents need another document: the seed alone cites none of those in the graph
        assert answer.status_code == 200 and (answer.json() or "/related-documents?" in href), href
    assert '<a href="/kinds/agency">机构</a>' in html and '<a href="/kinds/technology">技术</a>' in html
    agencies = visible_text(real_client.get("/kinds/agency?lang=zh").text)
    assert "全部机构 (26)" in agencies and "省教育厅" in agencies
    assert real_client.get("/kinds/no-such-kind").status_code == 404


def test_the_chinese_home_page_has_no_english_prose(real_client: TestClient) -> None:
    text = visible_text(real_client.get("/?lang=zh").text)
    words = re.findall(r"[A-Za-z]{4,}", text)
    assert set(words) <= {"SPARQL", "English"}, words  # the language switch names English in English


def test_coverage_routes_go_by_section_with_agencies_in_the_clauses_order(real_client: TestClient) -> None:
    html = real_client.get("/entity/technology/hydrogen-production-from-seawater?lang=zh").text
    explicit = html.split('data-coverage="explicit"')[1].split('data-coverage="general"')[0]
    sections = re.findall(r'<h4>通过措施 <span class="section-number" lang="zh">([^<]+)</span>', explicit)
    assert sections == sorted(sections, key=lambda s: ("三四".index(s[0]), s)) and "三(三)" in sections
    route = explicit.split("三(三)</span>")[1].split("</section>")[0]
    agencies = re.findall(r'class="agent" lang="zh">([^<]+)</a>( <strong class="lead-mark">)?', route)
    assert [name for name, _ in agencies][:3] == ["省工业和信息化厅", "省发展改革委", "省科技厅"]
    assert [bool(lead) for _, lead in agencies].count(True) == 1 and agencies[0][1]
    quotes = re.findall(r'<blockquote class="citation"><p lang="zh">([^<]{0,12})', route)
    assert len(quotes) == len(set(quotes))  # each sentence once for the route


def test_a_kind_list_in_chinese_is_in_chinese_and_in_document_order(real_client: TestClient) -> None:
    text = visible_text(real_client.get("/kinds/measure?lang=zh").text)
    assert re.findall(r"[A-Za-z]{4,}", text.split("全部措施")[2].split("数据来源")[0]) == []
    first, sixth, last = "三(一) 突出产业创新策源", "三(六) 创新未来产业治理", "四(三) 加强统计监测"
    assert text.index(first) < text.index(sixth) < text.index(last)
