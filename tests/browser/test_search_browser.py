"""The search box in a real browser: a Chinese term from the middle of a sentence, typed and submitted,
finds the sentence (the term marked) with links to the entities it states; suggestions are links."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.timeout(180)


def test_a_mid_sentence_chinese_term_finds_its_sentence_and_entities(page, shoot) -> None:
    page.goto("/?lang=zh")
    box = page.get_by_role("searchbox")
    box.fill("颠覆性创新")  # in no label: only inside sentences of 一(一) and 二(一)6
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    sentence = page.locator("li.tier-sentence").first
    sentence.wait_for()
    assert sentence.locator("mark").first.inner_text() == "颠覆性创新"
    shoot(page, "search-mid-sentence", full_page=True)
    sentence.locator("a", has_text="加强原始创新和颠覆性创新").click()
    page.wait_for_url("**/entity/action/jiangsu-2023-104-1-1-a08")


def test_suggestions_are_links_to_entity_pages(page) -> None:
    page.goto("/?lang=zh")
    page.get_by_role("searchbox").fill("固态")
    suggestion = page.locator("#search-suggestions a", has_text="固态储氢材料").first
    suggestion.wait_for()
    assert suggestion.get_attribute("href") == "/entity/material/solid-state-hydrogen-storage-materials"
    suggestion.click()
    page.wait_for_url("**/entity/material/solid-state-hydrogen-storage-materials")
