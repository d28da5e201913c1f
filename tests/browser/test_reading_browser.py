"""The reading view and a measure page in a real browser on a phone (375 px, Chinese): sections and sentences
in document order, sentences linked to their entities, responsible parties in the clause's order with the lead
marked, and Chinese drawn with real glyphs (not the boxes of a missing font).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import phone_tab

pytestmark = pytest.mark.timeout(180)

MEASURE = "/entity/measure/strengthen-application-scenario-pull"
CLAUSE = ["省工业和信息化厅", "省发展改革委", "省科技厅", "省委网信办", "省农业农村厅", "省商务厅", "省能源局",
          "省交通运输厅", "省住房城乡建设厅", "省教育厅", "省卫生健康委", "省国资委", "省药监局", "省文化和旅游厅"]
# Two different characters drawn on a canvas: with a CJK font their pixels differ; a missing font draws
# the same .notdef box for both.
GLYPHS_DIFFER = """([a, b]) => {
  const draw = (ch) => { const c = document.createElement("canvas"); c.width = 48; c.height = 48;
    const g = c.getContext("2d"); g.font = "40px sans-serif"; g.fillText(ch, 2, 40); return c.toDataURL(); };
  return draw(a) !== draw(b);
}"""


@pytest.fixture
def phone(browser, base_url: str):
    """A 375 px wide tab in Chinese; console errors fail the test."""
    with phone_tab(browser, base_url) as tab:
        yield tab


def assert_fits_and_chinese_renders(tab) -> None:
    assert tab.locator("html").get_attribute("lang") == "zh-Hans"
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, f"{tab.url} overflows a phone screen: {width}px"
    assert tab.evaluate(GLYPHS_DIFFER, ["阅", "读"]), "Chinese is drawn as boxes: no CJK font"


def test_read_the_document_on_a_phone_and_follow_a_sentence_to_an_entity(phone, shoot) -> None:
    phone.goto("/")
    phone.get_by_role("link", name="阅读原文：逐句查看每句话陈述了哪些事实").click()
    phone.wait_for_url("**/read")
    assert_fits_and_chinese_renders(phone)
    assert phone.locator("h1").inner_text() == "阅读原文"
    numbers = phone.locator(".reading-section h3 a").all_inner_texts()
    sections = [text.split()[0] for text in numbers]
    assert sections.index("三(三)") < sections.index("三(四)") < sections.index("四(一)") < sections.index("四(三)")
    sentence = phone.locator("#jiangsu-2023-104-3-3-s2")
    sentence.scroll_into_view_if_needed()
    assert sentence.locator("p").inner_text().startswith("围绕氢能、新型储能、量子科技")
    entities = sentence.locator(".sentence-entities a").all_inner_texts()
    assert entities.index("氢能") < entities.index("新型储能")
    shoot(phone, "read-phone")
    sentence.locator(".sentence-entities a", has_text="氢能").first.click()
    phone.wait_for_url("**/entity/industry/hydrogen-energy")
    assert phone.locator("h1").inner_text() == "氢能"


def test_a_measure_page_on_a_phone_lists_its_parties_in_text_order(phone, shoot) -> None:
    phone.goto(MEASURE)
    assert_fits_and_chinese_renders(phone)
    group = phone.locator('[data-property="https://w3id.org/fikg/ontology#hasResponsibility"]')
    group.scroll_into_view_if_needed()
    assert group.locator("li a").all_inner_texts() == CLAUSE
    assert group.locator("li.lead-party").inner_text().startswith("省工业和信息化厅")
    assert group.locator(".lead-mark").all_inner_texts() == ["牵头"]
    assert group.locator("blockquote").count() == 1  # the clause once, not fourteen times
    shoot(phone, "measure-phone")
