"""Benchmarks against peers, side by side in one run: build, query latency, HTTP throughput, SHACL, memory.

    python3 -m pip install -e '.[bench]'
    python3 bench/run.py --quick            # 10k triples, short windows: a few minutes
    python3 bench/run.py                    # 10k, 100k and 1M triples; writes docs/benchmarks.md and plots

For each scale: generate a graph (bench/generate.py) into a scratch project with our ontology, shapes
and rules; build it (parse + derive + validate + publish) and bulk-load the same file with raw pyoxigraph;
time the query mix in process (memory and disk); validate it fully and write one entity through the
gate; then start each server (bench/servers.py) on the dataset the build produced, measure latency
(one client), throughput at each concurrency for the mix and for single-entity lookups, and the peak
memory of the server with its workers; stop it. Results go to var/bench/<mode>.json, the report to
var/bench/<mode>.md, and with ``--docs`` (the default for a full run) to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import report
from generate import SCALES, write_graph
from load import answer_sizes, drive, latency
from servers import SERVERS, STORAGE, peak_memory_mib, server
from workload import lookups, query_mix

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def make_project(directory: Path, triples: int) -> tuple[Path, int]:
    """A scratch project: our ontology, shapes and rules, and a generated data file."""
    directory.mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", directory / "ontology")
    if (ROOT / "shapes").is_dir():
        shutil.copytree(ROOT / "shapes", directory / "shapes")
    (directory / "queries").mkdir()
    shutil.copytree(ROOT / "queries" / "rules", directory / "queries" / "rules")
    (directory / "data").mkdir()
    written = write_graph(directory / "data" / "generated.ttl", triples)
    return directory, written


def step(name: str, args: list[str], limit: float) -> dict:
    """Run one bench/measure.py step in a subprocess, stopped after ``limit`` seconds."""
    command = [sys.executable, str(HERE / "measure.py"), name, *args]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, cwd=ROOT)
    except subprocess.TimeoutExpired:
        log(f"  {name}: stopped after {limit:g} s")
        return {"error": f"stopped after {limit:g} s", "limit": limit}
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["(no output)"]
        log(f"  {name} failed: {tail[0]}")
        return {"error": tail[0]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = time.perf_counter() - started
    return result


def export_dataset(project: Path, target: Path) -> int:
    """The published store as N-Quads: what every server is given."""
    from kg.store.publication import Publication

    generation = Publication(project / "var" / "store").current()
    store = ox.Store.read_only(str(generation))
    store.dump(str(target), format=ox.RdfFormat.N_QUADS)
    return len(store)


def measure_server(name: str, project: Path, dataset: Path, scratch: Path, triples: int,
                   args: argparse.Namespace) -> dict:
    """Latency, throughput at each concurrency for the mix and the lookups, and peak memory of one server."""
    mix, cheap = query_mix(triples), lookups(triples)
    slow = name == "rdflib-endpoint"
    rounds = 1 if slow else args.rounds
    seconds = args.seconds * (3 if slow else 1)
    result: dict = {"storage": STORAGE[name]}
    with server(name, project, dataset, scratch) as running:
        result["startup_seconds"] = running.startup_seconds
        started = time.perf_counter()
        result["answers"] = answer_sizes(running.url, mix[: len(report.QUERY_NAMES)])
        result["first_answers_seconds"] = time.perf_counter() - started  # includes warming the workers
        result["latency"] = latency(running.url, mix[: len(report.QUERY_NAMES)] if slow else mix,
                                    0 if slow else args.seconds)
        result["throughput"] = {}
        for workload, requests in (("mix", mix), ("lookup", cheap)):
            for concurrency in args.concurrency:
                outcomes = [drive(running.url, requests, seconds, concurrency) for _ in range(rounds)]
                rates = [o.rate for o in outcomes]
                result["throughput"].setdefault(workload, {})[str(concurrency)] = {
                    "rate": statistics.median(rates), "rounds": rates,
                    "failures": sum(o.failures for o in outcomes)}
                log(f"  {name:16} {workload:6} c={concurrency}: {statistics.median(rates):8.1f} req/s")
        result.update(peak_memory_mib(running.process))
    return result


def run_scale(label: str, triples: int, scratch: Path, args: argparse.Namespace) -> dict:
    log(f"scale {label}: generating ~{triples} triples")
    project, written = make_project(scratch / "project", triples)
    data = project / "data" / "generated.ttl"
    result: dict = {"triples": written}
    log("  build (parse + derive + publish; its SHACL gate is timed below)")
    result["build"] = step("build", [str(project)], args.build_limit)
    log("  raw pyoxigraph bulk load")
    result["bulkload"] = step("bulkload", [str(data), str(scratch / "bulkload")], args.build_limit)
    log("  raw pyoxigraph bulk load into a named graph (as the build keeps each source)")
    result["bulkload_named"] = step("bulkload", [str(data), str(scratch / "bulkload-named"),
                                                 "https://w3id.org/fikg/graph/generated"], args.build_limit)
    if "error" in result["build"]:
        log("  build again without OWL 2 RL reasoning, so that the servers have a dataset to serve")
        result["build_without_reasoning"] = step("build", [str(project), "--no-reasoning"], args.build_limit)
        if "error" in result["build_without_reasoning"]:
            return result
    dataset = scratch / "dataset.nq"
    result["dataset_triples"] = export_dataset(project, dataset)
    log("  query latency in process")
    result["latency"] = step("latency", [str(project), str(dataset), str(triples), str(args.seconds)],
                             args.step_limit)
    log("  SHACL: full validation")
    result["validation"] = step("validate", [str(project), str(dataset)], args.shacl_limit)
    log("  SHACL: a one-entity write through the gate")
    result["write"] = step("write", [str(project), str(dataset)], args.shacl_limit)
    result["servers"] = {}
    for name in args.servers:
        if name == "rdflib-endpoint" and triples > args.rdflib_max:
            result["servers"][name] = {"storage": "memory", "skipped": f"above --rdflib-max {args.rdflib_max}"}
            continue
        log(f"  server {name}")
        try:
            result["servers"][name] = measure_server(name, project, dataset, scratch, triples, args)
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            log(f"  {name} failed: {exc}")
            result["servers"][name] = {"storage": STORAGE[name], "error": str(exc)}
    return result


def machine() -> dict:
    import importlib.metadata as meta

    versions = {}
    for package in ("pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "pyshacl", "pyshacl-turbo", "reasonable",
                    "fastapi", "uvicorn"):
        try:
            versions[package] = meta.version(package)
        except meta.PackageNotFoundError:
            versions[package] = None
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "date": time.strftime("%Y-%m-%d %H:%M"), "versions": versions}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10k triples and short windows (a few minutes)")
    parser.add_argument("--scales", nargs="*", choices=list(SCALES), help="default: all (quick: 10k)")
    parser.add_argument("--servers", nargs="*", choices=SERVERS, default=list(SERVERS))
    parser.add_argument("--seconds", type=float, help="length of one throughput round (default 3, quick 1.5)")
    parser.add_argument("--rounds", type=int, help="throughput rounds per cell, median kept (default 3, quick 1)")
    parser.add_argument("--concurrency", nargs="*", type=int, default=[2, 8])
    parser.add_argument("--rdflib-max", type=int, default=200_000, help="largest scale rdflib-endpoint is given")
    parser.add_argument("--build-limit", type=float, default=900)  # per build attempt
    parser.add_argument("--step-limit", type=float, default=300)
    parser.add_argument("--shacl-limit", type=float, default=240)
    parser.add_argument("--docs", action=argparse.BooleanOptionalAction, default=None,
                        help="write docs/benchmarks.md and docs/img/ (default: on for a full run)")
    args = parser.parse_args(argv)
    args.scales = args.scales or (["10k"] if args.quick else list(SCALES))
    args.seconds = args.seconds or (1.5 if args.quick else 3.0)
    args.rounds = args.rounds or (1 if args.quick else 3)
    args.docs = (not args.quick) if args.docs is None else args.docs
    return args


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(f"stopped by signal {signum}")  # unwinds the context managers: every server is stopped


def main(argv: list[str] | None = None) -> None:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    args = parse_args(argv)
    mode = "quick" if args.quick else "full"
    results: dict = {"mode": mode, "machine": machine(), "scales": {},
                     "settings": {k: v for k, v in vars(args).items() if k != "docs"}}
    started = time.perf_counter()
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    try:
        for label in args.scales:
            with tempfile.TemporaryDirectory(prefix=f"kg-bench-{label}-") as directory:
                results["scales"][label] = run_scale(label, SCALES[label], Path(directory), args)
            results["seconds"] = time.perf_counter() - started
            (out / f"{mode}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")  # after each scale
    except SystemExit as exc:
        log(f"{exc}: reporting the scales finished so far")
        results["stopped"] = str(exc)
    results["seconds"] = time.perf_counter() - started
    (out / f"{mode}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    text = report.render(results)
    (out / f"{mode}.md").write_text(text, encoding="utf-8")
    if args.docs:
        report.write_docs(results, ROOT / "docs")
    print(text)
    log(f"done in {results['seconds'] / 60:.1f} min; results in {out / (mode + '.json')}")


if __name__ == "__main__":
    main()
