"""The comparison of two documents in a real browser on a phone (375 px, Chinese): the form, the two documents
side by side without overflowing the screen, the shared concept first and its two entities linked.

The server here holds several documents (tests/helpers/documents.py), not the seed alone as conftest's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import phone_tab, serving
from tests.browser.test_reading_browser import assert_fits_and_chinese_renders
from tests.helpers.documents import multi_document_store, multi_settings

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def documents_url() -> Iterator[str]:
    """uvicorn over the seed built with the other documents (the store is shared by the session: left open)."""
    with serving(multi_settings(), multi_document_store()) as url:
        yield url


@pytest.fixture
def phone(browser, documents_url: str):
    with phone_tab(browser, documents_url) as tab:
        yield tab


def test_compare_two_documents_side_by_side_on_a_phone_in_chinese(phone, shoot) -> None:
    phone.goto("/compare-documents")
    assert_fits_and_chinese_renders(phone)
    assert phone.locator("h1").inner_text() == "文件对比"
    assert "测试部〔2025〕1号" in phone.locator(".document-list").inner_text()
    phone.get_by_label("文件（文号或标题，以逗号分隔）").fill("苏政发〔2023〕104号，测试部〔2025〕1号")
    phone.get_by_role("button", name="对比").click()
    phone.wait_for_url("**/compare-documents?documents=*")
    assert_fits_and_chinese_renders(phone)
    headers = phone.locator("#aspect-technologies ~ table th").all_inner_texts()
    assert headers == ["苏政发〔2023〕104号", "测试部〔2025〕1号"]
    technologies = phone.locator("section.comparison", has=phone.locator("#aspect-technologies"))
    assert "共有 1" in technologies.locator("h2").inner_text()
    shared = technologies.locator("tr.shared").first
    cells = shared.locator("td")
    assert [cells.nth(0).inner_text(), cells.nth(1).inner_text()] == ["超导材料", "超导材料"]
    left, right = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert left["x"] + left["width"] <= right["x"] + 1 and right["x"] + right["width"] <= 376  # side by side
    own = technologies.locator("tr.own", has_text="先进半导体")
    assert own.locator("td").nth(0).inner_text() == "—"
    shoot(phone, "compare-phone", full_page=True)
    cells.nth(1).locator("a").click()
    phone.wait_for_url("**/entity/material/test-superconducting-materials")
    assert_fits_and_chinese_renders(phone)
