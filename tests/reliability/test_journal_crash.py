"""Crash safety of the journal: kill -9 of a real server at random points during 100 writes.

A writer sends 100 small writes one after the other (each inserts two triples that carry its number),
following the server through its restarts; the server is killed (its whole process group, SIGKILL)
at random moments and started again. At the end, after a last restart:

- every acknowledged write is in the journal and in the store;
- no write is half-applied: a write's two triples are both there or neither (a write killed between
  the journal's fsync and the store's commit was never acknowledged, and the restart completed it);
- the store is exactly what replaying the journal gives;
- the journal ends with a complete transaction (a torn tail is cut off with a log line saying so).
"""

from __future__ import annotations

import random
import threading
import time

import httpx
import pytest

from kg.journal import Journal, replay
from kg.settings import Settings
from kg.store.live import open_store
from tests.reliability.conftest import AUTH, LONG, record_figures

WRITES = 300 if LONG else 100
NOTES = "https://w3id.org/fikg/graph/crash"


def insert(number: int) -> str:
    return (f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://ex/w{number}> <http://ex/first> {number} . "
            f"<http://ex/w{number}> <http://ex/second> {number} }} }}")


class Writer(threading.Thread):
    """Sends the writes in order, each until it is answered (a write is sent again after a kill: it is
    idempotent, so a write that was applied before the kill stays applied once)."""

    def __init__(self, current_url) -> None:
        super().__init__(daemon=True)
        self.current_url = current_url
        self.acknowledged: list[int] = []
        self.interrupted = 0

    def run(self) -> None:
        for number in range(WRITES):
            while True:
                try:
                    answer = httpx.post(f"{self.current_url()}/update", content=insert(number), timeout=30,
                                        headers={"Content-Type": "application/sparql-update", **AUTH})
                except httpx.TransportError:
                    self.interrupted += 1
                    time.sleep(0.05)
                    continue
                if answer.status_code == 200:
                    self.acknowledged.append(number)
                    break
                time.sleep(0.05)  # 503 while the server starts: try again


@pytest.mark.timeout(1200)
def test_kill_9_during_writes_loses_no_acknowledged_write(start_server, disk_settings: Settings, tmp_path) -> None:
    rng = random.Random(17)
    servers = [start_server()]
    writer = Writer(lambda: servers[-1].url)
    writer.start()
    kills = 0
    while writer.is_alive():
        time.sleep(rng.uniform(0.1, 0.8))
        if not writer.is_alive():
            break
        servers[-1].kill()
        kills += 1
        servers.append(start_server())
    writer.join()
    servers[-1].stop()
    journal_dir = disk_settings.resolved_journal_path
    journal = Journal(journal_dir)  # opening repairs a torn tail
    updates = [entry for entry in journal.entries() if entry.operation == "update"]
    with open_store(disk_settings) as store:  # as the server opens it: caught up with the journal
        quads = set(store.quads())
        numbers: dict[int, int] = {}
        for quad in store.quads(NOTES):
            numbers[int(quad.object.value)] = numbers.get(int(quad.object.value), 0) + 1
    assert kills >= 3, "the test must actually crash the server"
    assert sorted(writer.acknowledged) == list(range(WRITES))
    assert set(numbers.values()) == {2}, "a write is half-applied"
    assert set(numbers) == set(range(WRITES)), "an acknowledged write is missing from the store"
    journaled = {int(q.object.value) for entry in updates for q in journal.read(entry).added}
    assert journaled == set(range(WRITES)), "an acknowledged write is missing from the journal"
    assert quads == set(replay(journal)), "the store is not the journal's materialised view"
    log = (tmp_path / "server.log").read_text(errors="replace")
    record_figures("crash-journal", {"writes": WRITES, "kills": kills, "interrupted_requests": writer.interrupted,
                                     "journal_transactions": len(journal.entries()),
                                     "torn_tails_repaired": log.count("was cut short"),
                                     "restarts_that_replayed_the_journal": log.count("brought up to date"),
                                     "writes_lost": 0})

