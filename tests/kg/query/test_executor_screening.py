"""The executor's screening: long texts are parsed in a thread, off the event loop, and a request that
carries its screening (the /sparql route screened it to negotiate the result type) is not parsed again."""

from __future__ import annotations

import json
import threading

from kg.query.executor import SCREEN_INLINE_CHARS, QueryExecutor, QueryRequest
from kg.settings import Settings
from kg.sparql.screening import Screening
from kg.store.embedded import EmbeddedStore
from tests.helpers.loops import run_loop

JSON = "application/sparql-results+json"


class RecordingExecutor(QueryExecutor):
    """The real executor, noting the thread and text of each screening it does."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, workers=1)
        self.screened: list[tuple[int, int]] = []  # (characters, thread)

    def screen(self, sparql: str, base_iri: str | None = None) -> Screening:
        self.screened.append((len(sparql), threading.get_ident()))
        return super().screen(sparql, base_iri)


def test_long_texts_are_screened_in_a_thread_short_ones_inline(settings: Settings) -> None:
    long = "ASK {} #" + "x" * SCREEN_INLINE_CHARS

    async def screen_both(executor: RecordingExecutor) -> int:
        assert (await executor.screen_async("ASK {}")).form == "ask"
        assert (await executor.screen_async(long)).form == "ask"
        return threading.get_ident()

    with RecordingExecutor(settings) as executor:
        loop_thread = run_loop(screen_both(executor))
    (short_size, short_thread), (long_size, long_thread) = executor.screened
    assert (short_size, short_thread) == (len("ASK {}"), loop_thread)
    assert long_size == len(long) and long_thread != loop_thread


def test_a_screened_request_is_not_parsed_again(settings: Settings, memory_store: EmbeddedStore) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    async def run(executor: RecordingExecutor) -> list[bytes]:
        screening = await executor.screen_async(query)
        carried = await executor.execute_async(memory_store, QueryRequest(query, JSON, screening=screening))
        bare = await executor.execute_async(memory_store, QueryRequest(query, JSON))
        return [carried.body, bare.body]

    with RecordingExecutor(settings) as executor:
        carried, bare = run_loop(run(executor))
    assert json.loads(carried) == json.loads(bare)
    assert len(executor.screened) == 2  # once by the caller, once for the request without a screening
