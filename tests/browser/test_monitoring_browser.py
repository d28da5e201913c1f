"""The targets page with observations (the invented example data) in a real browser: each target's chart
coloured by its status, zh and en, a phone-sized screen, and the series downloaded as CSV and Data Cube Turtle.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.monitoring.observations import load_observations
from kg.monitoring.rows import read_csv
from kg.query.executor import QueryExecutor
from kg.writes.gate import stage
from tests.browser.conftest import serving
from tests.helpers.built_graph import built_store, real_settings
from tests.helpers.monitoring import example_csv

pytestmark = pytest.mark.timeout(180)
EXPECTED = {  # target slug -> status on the whole example (docs/target-monitoring.md)
    "2025-future-industry-platform-carriers": "missed", "2025-future-industry-leading-talents": "achieved",
    "annual-forward-looking-technology-projects": "behind", "2030-provincial-future-industry-pilot-zones": "on_track",
    "2030-open-application-scenarios": "needs_acceleration", "2030-future-industry-innovation-talents": "deterioration",
}
PILOT = "2030-provincial-future-industry-pilot-zones"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """The app over the real graph with the example observations loaded (through the gate, SHACL off)."""
    settings, store = real_settings(), stage(built_store())
    with QueryExecutor(settings, workers=1) as executor:
        load_observations(store, read_csv(example_csv()), settings, executor=executor)
    try:
        with serving(settings, store) as url:
            yield url
    finally:
        store.close()


def statuses(page) -> dict[str, str]:
    blocks = page.locator(".progress")
    slug = "b.querySelector('a[download]').getAttribute('href').split('/')[2]"
    return dict(blocks.evaluate_all(f"(all) => all.map((b) => [{slug}, b.dataset.status])"))


def test_every_target_is_drawn_and_coloured_by_its_status(page, shoot) -> None:
    page.goto("/targets?lang=en")
    assert statuses(page) == EXPECTED
    pilot = page.locator(f".progress:has(a[href^='/targets/{PILOT}/'])")
    assert pilot.locator(".status-badge").inner_text() == "on track"
    assert pilot.locator("svg.progress-chart circle.observation").count() == 3
    assert pilot.locator("svg.progress-chart .target-level").count() == 1
    assert pilot.locator("svg.progress-chart .target-path").count() == 1  # the required path to 20 by 2030
    assert "2026 = 11" in pilot.locator("svg title").first.text_content()
    colour = "(el) => getComputedStyle(el).backgroundColor"
    on_track = pilot.locator(".status-badge").evaluate(colour)
    missed = page.locator(".progress.status-missed .status-badge").evaluate(colour)
    assert on_track != missed and "rgb(" in on_track
    stroke = pilot.locator("polyline.observed").evaluate("(el) => getComputedStyle(el).stroke")
    assert stroke == on_track  # the observed line has the status colour
    annual = page.locator(".progress.status-behind")
    assert annual.locator(".target-path").count() == 0 and annual.locator(".due").count() == 0  # every year
    assert "Invented example data" in pilot.locator(".source").inner_text()  # never passed off as real
    pilot.scroll_into_view_if_needed()
    shoot(page, "targets-progress-en")


def test_the_progress_in_chinese_on_a_phone(page, shoot) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/targets?lang=zh")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    badges = page.locator(".progress .status-badge").all_inner_texts()
    assert set(badges) == {"未按期实现", "已实现", "未达年度目标", "按期推进", "需加快", "倒退"}
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the screen
    width = page.locator(f".progress:has(a[href^='/targets/{PILOT}/']) svg").evaluate(
        "(el) => el.getBoundingClientRect().width")
    assert 250 < width <= 375
    page.locator(f".progress:has(a[href^='/targets/{PILOT}/'])").scroll_into_view_if_needed()
    shoot(page, "targets-progress-zh-375")
    page.get_by_role("link", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "on track" in page.locator(".progress .status-badge").all_inner_texts()


def test_the_series_downloads_as_csv_and_data_cube_turtle(page) -> None:
    page.goto("/targets?lang=en")
    block = page.locator(f".progress:has(a[href^='/targets/{PILOT}/'])")
    with page.expect_download() as csv_download:
        block.get_by_role("link", name="Series as CSV").click()
    assert csv_download.value.suggested_filename == f"{PILOT}-observations.csv"
    with open(csv_download.value.path(), encoding="utf-8") as file:
        lines = file.read().splitlines()
    assert lines[0] == "target,date,value,obs_status,source" and len(lines) == 4
    with page.expect_download() as turtle_download:
        block.get_by_role("link", name="Data Cube Turtle").click()
    assert turtle_download.value.suggested_filename == f"{PILOT}-observations.ttl"
    with open(turtle_download.value.path(), encoding="utf-8") as file:
        turtle = file.read()
    assert "qb:Observation" in turtle and "sdmx-measure:obsValue 11" in turtle
