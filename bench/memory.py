"""The server's memory per process with the query mix running (issue 20 item 3), run by hand.

    python3 bench/memory.py --scale 1m --scratch /tmp/kg-mem-1m            # builds the project once, then measures
    python3 bench/memory.py --scale 1m --scratch /tmp/kg-mem-1m --env KG_SERVE_MEMORY_MAX_TRIPLES=0

Starts our API over the published on-disk store (``kg-disk`` of ``bench/servers.py``, with ``--env``
settings on top), builds the API's label and search indexes (one ``/search`` request, as the first
search after a start does; ``--no-indexes``: left to the background warm-up), answers every query of
the mix once, then drives the mix and the lookups at
``--concurrency`` for ``--seconds`` each while it samples ``/proc/PID/smaps_rollup`` of every process of
the server every 0.25 s. It prints the sample where the summed PSS peaked, broken down per process
(the API, the zygote, each worker): PSS, its anonymous and file-backed parts, and the shared and private
pages, so that one can see whether the workers share the zygote's copy or have unshared it. The scratch
project (``--scratch``) is kept, so that a second run measures again without building.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from generate import SCALES
from load import answer_sizes, drive
from run import export_dataset, make_project, step
from servers import _tree, server
from workload import lookups, query_mix

FIELDS = ("Rss", "Pss", "Pss_Anon", "Pss_File", "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty")


def role(pid: int, root: int) -> str:
    """What a process of the server is: the API (uvicorn), a zygote, or a worker (forked by a zygote)."""
    if pid == root:
        return "api"
    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    if "worker.py zygote" in command and parent == root:
        return "zygote"
    return "worker" if "worker.py" in command else "other"


def rollup(pid: int) -> dict[str, int]:
    """The KiB figures of ``FIELDS`` from one process's smaps_rollup."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in FIELDS:
            found[name] = int(rest.split()[0])
    return found


class Sampler(threading.Thread):
    """Samples every process of the server; keeps the sample whose summed PSS is the largest."""

    def __init__(self, root: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak: list[dict] = []
        self.peak_total = 0
        self._halt = threading.Event()

    def sample(self) -> None:
        processes = []
        for pid in _tree(self.root):
            try:
                processes.append({"pid": pid, "role": role(pid, self.root), **rollup(pid)})
            except (OSError, ValueError, IndexError):
                continue
        total = sum(p.get("Pss", 0) for p in processes)
        if total > self.peak_total:
            self.peak_total, self.peak = total, processes

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._halt.set()
        self.join()


def prepared(scale: str, scratch: Path) -> tuple[Path, Path]:
    """The scratch project built at ``scale`` and its dataset (made on the first run, reused after)."""
    project, dataset = scratch / "project", scratch / "dataset.nq"
    if not dataset.exists():
        make_project(project, SCALES[scale])
        built = step("build", [str(project)], 1800)
        if "error" in built:
            raise SystemExit(f"build failed: {built['error']}")
        export_dataset(project, dataset)
    return project, dataset


def measure(scale: str, scratch: Path, env: dict[str, str], seconds: float, concurrency: int,
            name: str = "kg-disk", indexes: bool = True) -> dict:
    """The peak sample and the request rates of one server run."""
    project, dataset = prepared(scale, scratch)
    triples = SCALES[scale]
    result: dict = {"scale": scale, "server": name, "env": env}
    with server(name, project, dataset, scratch, env=env) as running:
        sampler = Sampler(running.process.pid)
        sampler.start()
        started = time.perf_counter()
        if indexes and name.startswith("kg"):
            search = running.url.removesuffix("/sparql") + "/search?q=%E6%8A%80%E6%9C%AF&format=json"
            with urllib.request.urlopen(search, timeout=1800) as answer:
                answer.read()
            result["indexes_seconds"] = time.perf_counter() - started
        started = time.perf_counter()
        answer_sizes(running.url, query_mix(triples))
        result["first_answers_seconds"] = time.perf_counter() - started
        for name, requests in (("mix", query_mix(triples)), ("lookup", lookups(triples))):
            outcome = drive(running.url, requests, seconds, concurrency)
            result[f"{name}_rate"] = outcome.rate
            result[f"{name}_failures"] = outcome.failures
        sampler.sample()
        sampler.stop()
        result["peak"] = sampler.peak
        result["peak_pss_mib"] = sampler.peak_total / 1024
    return result


def table(result: dict) -> str:
    """The peak sample as a Markdown table, MiB."""
    lines = ["| process | " + " | ".join(FIELDS) + " |", "| --- |" + " --- |" * len(FIELDS)]
    for process in sorted(result["peak"], key=lambda p: ("api", "zygote", "worker", "other").index(p["role"])):
        cells = " | ".join(f"{process.get(f, 0) / 1024:,.0f}" for f in FIELDS)
        lines.append(f"| {process['role']} {process['pid']} | {cells} |")
    totals = " | ".join(f"{sum(p.get(f, 0) for p in result['peak']) / 1024:,.0f}" for f in FIELDS)
    lines.append(f"| **sum** | {totals} |")
    rates = (f"{result['server']} {result['env'] or ''} mix c=8 {result['mix_rate']:.1f} req/s, "
             f"lookups {result['lookup_rate']:.1f} req/s")
    return "\n".join(lines) + f"\n\npeak PSS {result['peak_pss_mib']:,.0f} MiB; {rates}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=list(SCALES), default="1m")
    parser.add_argument("--scratch", type=Path, required=True, help="the project's directory (kept between runs)")
    parser.add_argument("--server", choices=["kg-disk", "kg-memory", "oxigraph-disk", "oxigraph-memory"],
                        default="kg-disk", help="the server measured (default: ours over the on-disk store)")
    parser.add_argument("--env", nargs="*", default=[], help="KG_NAME=value settings for our server")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--indexes", action=argparse.BooleanOptionalAction, default=True,
                        help="build the label and search indexes before the load (default: yes)")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    env = dict(item.split("=", 1) for item in args.env)
    args.scratch.mkdir(parents=True, exist_ok=True)
    try:
        result = measure(args.scale, args.scratch, env, args.seconds, args.concurrency, args.server,
                         args.indexes)
    except subprocess.SubprocessError as exc:
        raise SystemExit(str(exc)) from None
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(table(result))


if __name__ == "__main__":
    sys.exit(main())
