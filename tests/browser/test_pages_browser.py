"""The pages in a real browser: query, search, language switch, graph, targets, and the headline
question — which agencies cover 海水制氢 and where the document says so — in both languages.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.timeout(180)

SEAWATER = "/entity/technology/hydrogen-production-from-seawater"
COVER_CLAUSE = "（省工业和信息化厅、省发展改革委、省科技厅"  # the responsibility clause of 三(三)
NAMING = "围绕氢能、新型储能、量子科技等领域前沿科技"  # 三(三) names 氢能, the industry of 海水制氢


def test_run_a_query_and_see_the_table_with_labels_links_and_downloads(page, shoot) -> None:
    page.goto("/query?lang=en")
    assert page.locator(".CodeMirror .cm-keyword").first.is_visible()  # highlighted by the editor
    assert "PREFIX fikg:" in page.locator(".CodeMirror").inner_text()
    page.get_by_role("button", name=re.compile("^Run")).click()
    rows = page.locator("#results tbody tr")
    rows.first.wait_for()
    assert rows.count() >= 10
    agency = page.locator("#results tbody a", has_text="Provincial Department of Science and Technology").first
    assert agency.get_attribute("href") == "/entity/agency/provincial-department-of-science-and-technology"
    assert re.search(r"\d+ row\(s\)", page.locator("#query-status").inner_text())
    shoot(page, "query-results")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == "results.csv"
    with open(download.value.path(), encoding="utf-8") as csv:
        assert csv.readline().strip() == "agency,agency_label"
    agency.click()
    page.wait_for_url("**/entity/agency/provincial-department-of-science-and-technology")


def test_a_named_query_runs_as_an_example_with_its_parameters(page, shoot) -> None:
    page.goto("/?lang=en")  # the home page lists the named queries
    page.get_by_role("link", name="Agencies covering a technology").click()
    page.wait_for_url("**/query?example=agencies-for-technology")
    assert "# title:" in page.locator(".CodeMirror").inner_text()
    parameter = page.locator("#param-technology")
    assert parameter.input_value() == "海水制氢"  # the example value from the query's header
    page.get_by_role("button", name=re.compile("^Run")).click()
    page.locator("#results tbody tr").first.wait_for()
    assert page.locator("#results tbody tr").count() >= 15
    assert page.locator("#results thead th", has_text="?basis").count() == 1
    shoot(page, "query-named")
    parameter.fill("海水淡化")  # names nothing of the document
    page.get_by_role("button", name=re.compile("^Run")).click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    page.console_errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")
    suggestion = alert.get_by_role("link", name="海水制氢")  # did you mean: a link that runs the query with it
    suggestion.click()
    page.wait_for_url("**/query?example=agencies-for-technology&technology=*")
    assert page.locator("#param-technology").input_value() == "海水制氢"
    page.locator("#results tbody tr").first.wait_for()  # run at once
    assert page.locator("#results tbody tr").count() >= 15


def test_parameter_fields_suggest_names_and_offer_choices(page, shoot) -> None:
    page.goto("/query?example=agencies-for-technology&lang=zh")
    technology = page.locator("#param-technology")
    technology.fill("")
    technology.press_sequentially("碳化")  # a name as a researcher starts typing it
    options = page.locator("#param-technology-suggestions option")
    options.first.wait_for(state="attached")
    values = options.evaluate_all("(all) => all.map((o) => o.value)")
    assert "碳化硅单晶衬底及外延材料" in values, values  # from /search/suggest, technologies only
    technology.fill(values[0])
    page.get_by_role("button", name=re.compile("^运行")).click()
    page.locator("#results tbody tr").first.wait_for()
    shoot(page, "query-parameter-suggestions")
    page.goto("/query?example=targets&lang=en")
    kind = page.locator("#param-kind")
    assert kind.evaluate("(el) => el.tagName") == "SELECT"  # choice(quantitative|milestone|all) is a menu
    assert kind.locator("option").evaluate_all("(all) => all.map((o) => o.value)") == ["", "quantitative",
                                                                                          "milestone", "all"]
    assert kind.input_value() == "milestone"  # the example value
    assert page.locator("#param-due_by").get_attribute("type") == "number"


def test_a_syntax_error_is_shown_inline_with_line_and_column(page, shoot) -> None:
    page.goto("/query?lang=en")
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('SELECT * WHERE {\\n  ?s ?p \\n}')")
    page.locator(".CodeMirror textarea").focus()
    page.keyboard.press("Control+Enter")  # runs from the editor
    alert = page.get_by_role("alert")
    alert.wait_for()
    page.console_errors.remove("Failed to load resource: the server responded with a status of 400 (Bad Request)")
    assert re.search(r"line 3, column \d+", alert.inner_text())
    assert page.locator(".cm-error-line").count() == 1
    shoot(page, "query-error")


def test_result_iris_of_other_schemes_are_text_not_links(page) -> None:
    page.goto("/query?lang=en")
    query = "SELECT ?x WHERE { VALUES ?x { <javascript:alert(document.domain)> <https://example.org/ok> } }"
    page.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", query)
    page.get_by_role("button", name=re.compile("^Run")).click()
    page.locator("#results tbody tr").nth(1).wait_for()
    cells = page.locator("#results tbody td")
    assert cells.filter(has_text="javascript:alert").locator("a").count() == 0
    assert cells.filter(has_text="javascript:alert").locator("span").count() == 1
    assert cells.filter(has_text="example.org").locator("a").get_attribute("href") == "https://example.org/ok"


def test_search_a_chinese_label_and_reach_the_entity(page, shoot) -> None:
    page.goto("/")
    box = page.get_by_role("searchbox")
    box.fill("海水制氢")
    suggestion = page.locator("#search-suggestions a").first
    suggestion.wait_for()
    assert "海水制氢" in suggestion.inner_text()
    shoot(page, "search-suggestions")
    box.press("ArrowDown")  # keyboard: into the suggestions, then follow the link
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{SEAWATER}")
    assert page.locator("h1").inner_text() == "hydrogen production from seawater"
    assert page.locator(".other-label").get_attribute("lang") == "zh"


def test_switch_language_and_it_persists(page, shoot) -> None:
    page.goto(SEAWATER)
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="中文").click()
    page.wait_for_function("document.documentElement.lang === 'zh-Hans'")
    assert page.locator("h1").inner_text() == "海水制氢"
    assert "lang=" not in page.url  # the address stays clean
    page.goto("/targets")  # another page, no parameter: the choice persisted
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text().startswith("量化目标时间线")
    shoot(page, "targets-zh", full_page=True)
    page.get_by_role("link", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.evaluate("localStorage.getItem('lang')") == "en"


def test_open_an_industry_and_click_through_the_graph_to_an_agency(page, shoot) -> None:
    page.goto("/entity/industry/hydrogen-energy?lang=en")
    graph = page.locator("svg.graph-view")
    assert graph.locator("a.node.technology").count() >= 5
    assert graph.locator("a.node.measure").count() >= 2
    before = graph.get_attribute("viewBox")
    box = graph.bounding_box()
    page.mouse.move(box["x"] + 12, box["y"] + 12)  # a corner: background, not a node
    page.mouse.down()
    page.mouse.move(box["x"] + 150, box["y"] + 90, steps=5)
    page.mouse.up()
    assert graph.get_attribute("viewBox") != before  # panned
    page.get_by_role("button", name="Reset").click()
    assert graph.get_attribute("viewBox") == before
    page.get_by_role("button", name="Zoom in").click()
    assert graph.get_attribute("viewBox") != before
    page.get_by_role("button", name="Reset").click()
    shoot(page, "industry-graph")
    measure = graph.locator("a.node.measure[href='/entity/measure/strengthen-application-scenario-pull']")
    measure.click()
    page.wait_for_url("**/entity/measure/strengthen-application-scenario-pull")
    agency = page.locator("svg.graph-view a.node.agency[href$='provincial-department-of-science-and-technology']")
    agency.focus()  # keyboard reachable
    page.keyboard.press("Enter")
    page.wait_for_url("**/entity/agency/provincial-department-of-science-and-technology")
    assert page.locator("h1").inner_text() == "Provincial Department of Science and Technology"
    shoot(page, "agency")


def test_see_the_targets_timeline(page, shoot) -> None:
    page.goto("/targets?lang=en")
    markers = page.locator(".timeline-track .marker")
    assert markers.count() == 6
    assert page.locator(".marker.annual").count() == 1
    annual, axis = page.locator(".marker.annual").bounding_box(), page.locator(".timeline-axis").bounding_box()
    assert annual["width"] > axis["width"] * 0.9  # every year spans the whole axis
    y2030 = page.locator(".marker.y2030").first.bounding_box()
    y2025 = page.locator(".marker.y2025").first.bounding_box()
    assert y2025["x"] < y2030["x"]
    assert page.get_by_text("at least (以上)").count() == 3
    shoot(page, "targets", full_page=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_which_agencies_cover_seawater_hydrogen_and_where_the_document_says_so(page, shoot, lang: str) -> None:
    page.goto(f"/?lang={lang}")
    page.get_by_role("searchbox").fill("海水制氢")
    page.locator("#search-suggestions a").first.click()
    page.wait_for_url(f"**{SEAWATER}")
    explicit = page.locator("[data-coverage='explicit']")
    agency = "省科技厅" if lang == "zh" else "Provincial Department of Science and Technology"
    assert explicit.locator("a.agent", has_text=agency).count() == 2  # through 三(二) and 三(三)
    assert explicit.locator("a.agent").count() >= 15
    quotes = explicit.locator("blockquote.citation")
    assert quotes.filter(has_text=COVER_CLAUSE).count() >= 1
    assert quotes.filter(has_text=NAMING).first.locator("footer a").first.inner_text() == "三(三)"
    assert quotes.first.locator("p").get_attribute("lang") == "zh"
    page.locator("#coverage-heading").scroll_into_view_if_needed()
    shoot(page, f"seawater-hydrogen-agencies-{lang}")
    shoot(page, f"seawater-hydrogen-page-{lang}", full_page=True)


def test_phone_width_and_keyboard(browser, base_url, shoot) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 800}, locale="zh-CN")
    tab = context.new_page()
    try:
        for path, name in (("/", "home-phone"), (SEAWATER, "entity-phone"), ("/targets", "targets-phone"),
                           ("/query", "query-phone")):
            tab.goto(path)
            assert tab.locator("html").get_attribute("lang") == "zh-Hans"  # from Accept-Language
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= 376, f"{path} overflows a phone screen: {width}px"
            shoot(tab, name)
        tab.goto(SEAWATER)
        graph = tab.locator("svg.graph-view")
        graph.scroll_into_view_if_needed()
        assert float(graph.get_attribute("viewBox").split()[2]) <= 900  # starts zoomed in on a phone
        shoot(tab, "entity-graph-phone")
        tab.goto("/")
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.className") == "skip"
        tab.keyboard.press("Enter")
        assert tab.evaluate("location.hash") == "#main"
    finally:
        context.close()
