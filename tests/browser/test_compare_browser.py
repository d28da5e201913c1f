"""The comparison of two documents in a real browser on a phone (375 px, Chinese): the form, the two documents
side by side without overflowing the screen, the shared concept first and its two entities linked.

The server here holds several documents (tests/helpers/documents.py), not the seed alone as conftest's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from api.main import create_app
from tests.browser.conftest import free_port
from tests.browser.test_reading_browser import assert_fits_and_chinese_renders
from tests.helpers.documents import multi_document_store, multi_settings

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def documents_url() -> Iterator[str]:
    """uvicorn over the seed built with the other documents."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(multi_settings(), store=multi_document_store()),
                                           host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def phone(browser, documents_url: str):
    context = browser.new_context(base_url=documents_url, viewport={"width": 375, "height": 800}, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"browser console errors: {errors}"


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
