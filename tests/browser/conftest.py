"""A real browser against a real server: Debian's chromium (installed with apt when missing, never
downloaded by playwright) driven by playwright, and uvicorn on 127.0.0.1 over an in-memory store
built from the real sources. Screenshots go to test-artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from api.main import create_app
from kg.build.pipeline import build
from kg.settings import Settings, load_settings
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def apt_install(*packages: str) -> str | None:
    """Install Debian packages; the error text if that fails (no apt, no network, not root)."""
    if shutil.which("apt-get") is None:
        return "apt-get is not available"
    try:
        subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-q", *packages], check=True, capture_output=True, timeout=900)
    except (subprocess.SubprocessError, OSError) as exc:
        return f"apt-get install {' '.join(packages)} failed: {exc}"
    return None


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's chromium (and a CJK font, so Chinese renders in screenshots), installed when missing."""
    if not CHROMIUM.exists():
        problem = apt_install("chromium", "fonts-wqy-zenhei")
        if problem or not CHROMIUM.exists():
            pytest.skip(f"chromium is not installed and could not be: {problem}")
    elif not Path("/usr/share/fonts/truetype/wqy").exists():
        apt_install("fonts-wqy-zenhei")  # only the screenshots need it; the tests pass without
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn on 127.0.0.1 and a free port over the real graph (ontology, data, rules), stopped afterwards.

    SHACL validation is left to the build tests: this fixture only needs the data, and faster.
    """
    settings = load_settings(environ={}, project_dir=ROOT, store_path=":memory:", validate=False)
    store = EmbeddedStore(None)
    build(settings, store=store)
    try:
        with serving(settings, store) as url:
            yield url
    finally:
        store.close()


@contextmanager
def serving(settings: Settings, store: Store) -> Iterator[str]:
    """The app over ``store`` served by uvicorn on 127.0.0.1 and a free port (its URL), stopped afterwards
    (the store stays open: it is the caller's)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store=store), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
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


@contextmanager
def phone_tab(browser, base_url: str) -> Iterator[object]:
    """A 375 px wide tab in Chinese on ``base_url``; console errors fail the test."""
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 800}, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser, base_url: str):
    """A fresh browser context (no cookies, no storage) per test; console errors fail the test."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="en-US",
                                  accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.console_errors = errors  # a test that provokes an error removes the one it expects
    yield tab
    context.close()
    assert errors == [], f"browser console errors (CSP violations, script errors): {errors}"


@pytest.fixture
def shoot():
    """``shoot(page, name)`` saves a screenshot as test-artifacts/screenshots/{name}.png."""

    def save(tab, name: str, *, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=full_page)
        return path

    return save
