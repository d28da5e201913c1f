"""Running a coroutine to completion from a test, whatever else the session runs.

A session fixture (playwright's sync API in tests/browser) may keep an event loop running in the main
thread for the rest of the session, and ``asyncio.run`` refuses to start there: :func:`run_loop` runs
it in a thread of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` in a thread of its own."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
