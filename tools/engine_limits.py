"""Measure where pyoxigraph's SPARQL parser and evaluator overflow their stack (the numbers behind kg/sparql/limits.py).

pyoxigraph recurses on nesting and on long flat chains (a UNION of many branches, ``1+1+…``, ``&&``,
a group of many OPTIONALs…): past some length the process dies of a stack overflow (SIGSEGV). For
each construct this script runs the engine on growing sizes, each in a fresh subprocess (the main
thread, 8 MB stack as in the query workers, or a thread as the update path uses), and bisects the
smallest size that kills it. Every run is bounded in time; nothing touches the network.

    python tools/engine_limits.py                 # all constructs, queries and updates
    python tools/engine_limits.py union plus      # some of them
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

_RUNNER = r"""
import sys, threading, pyoxigraph as ox
text = open(sys.argv[1], encoding="utf-8").read()
def run():
    try:
        if sys.argv[2] == "update":
            ox.Store().update(text)
        else:
            result = ox.Store().query(text)
            list(result) if hasattr(result, "__iter__") else bool(result)
    except SyntaxError as exc:
        print("syntax:", str(exc)[:200])
    except Exception as exc:
        print("error:", type(exc).__name__, str(exc)[:200])
if sys.argv[3] == "thread":
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
else:
    run()
"""

G = "{ BIND(1 AS ?x) }"
CONSTRUCTS: dict[str, Callable[[int], str]] = {
    "nested-groups": lambda n: "SELECT * WHERE " + "{" * n + "}" * n,
    "nested-parentheses": lambda n: "SELECT (" + "(" * n + "1" + ")" * n + " AS ?x) WHERE {}",
    "nested-optional": lambda n: "SELECT * WHERE { " + "OPTIONAL { " * n + "}" * n + " }",
    "nested-subselect": lambda n: "SELECT * WHERE { " + "{ SELECT * WHERE " * n + "{}" + " }" * n + " }",
    "nested-function": lambda n: "SELECT (" + "STR(" * n + "1" + ")" * n + " AS ?x) WHERE {}",
    "nested-not-exists": lambda n: "ASK { " + "FILTER NOT EXISTS { " * n + "}" * n + " }",
    "nested-blank-node": lambda n: "ASK { ?s <urn:p> " + "[ <urn:p> " * n + "1" + " ]" * n + " }",
    "nested-collection": lambda n: "ASK { ?s <urn:p> " + "( " * n + "1" + " )" * n + " }",
    "nested-path": lambda n: "ASK { ?s " + "(" * n + "<urn:p>" + ")" * n + " ?o }",
    "union": lambda n: "SELECT * WHERE { " + " UNION ".join([G] * n) + " }",
    "plus": lambda n: "SELECT (" + "+".join(["1"] * n) + " AS ?x) WHERE {}",
    "minus-op": lambda n: "SELECT (" + "-".join(["1"] * n) + " AS ?x) WHERE {}",
    "times": lambda n: "SELECT (" + "*".join(["1"] * n) + " AS ?x) WHERE {}",
    "and": lambda n: "ASK { FILTER(" + "&&".join(["true"] * n) + ") }",
    "or": lambda n: "ASK { FILTER(" + "||".join(["false"] * n) + ") }",
    "in-list": lambda n: "ASK { FILTER(1 IN (" + ",".join(["2"] * n) + ")) }",
    "concat-args": lambda n: "SELECT (CONCAT(" + ",".join(['"a"'] * n) + ") AS ?x) WHERE {}",
    "optional": lambda n: "SELECT * WHERE { BIND(1 AS ?x) " + "OPTIONAL { BIND(1 AS ?y) } " * n + "}",
    "minus": lambda n: "SELECT * WHERE { BIND(1 AS ?x) " + "MINUS { BIND(1 AS ?y) } " * n + "}",
    "filter": lambda n: "SELECT * WHERE { BIND(1 AS ?x) " + "FILTER(true) " * n + "}",
    "bind": lambda n: "SELECT * WHERE { " + " ".join(f"BIND(1 AS ?x{i})" for i in range(n)) + " }",
    "group-join": lambda n: "SELECT * WHERE { " + "{} " * n + "}",
    "values-join": lambda n: "SELECT * WHERE { " + "VALUES ?x { 1 } " * n + "}",
    "triples": lambda n: "SELECT * WHERE { " + " ".join(f"?s <urn:p{i}> ?o{i} ." for i in range(n)) + " }",
    "path-triples": lambda n: "SELECT * WHERE { " + " ".join(f"?s <urn:p>* ?o{i} ." for i in range(n)) + " }",
    "path-sequence": lambda n: "ASK { ?s " + "/".join(["<urn:p>"] * n) + " ?o }",
    "path-alternative": lambda n: "ASK { ?s " + "|".join(["<urn:p>"] * n) + " ?o }",
    "select-expressions": lambda n: "SELECT " + " ".join(f"(1 AS ?x{i})" for i in range(n)) + " WHERE {}",
    "describe-iris": lambda n: "DESCRIBE " + " ".join(f"<urn:x{i}>" for i in range(n)),
    "order-conditions": lambda n: "SELECT * WHERE {} ORDER BY " + " ".join(["(1)"] * n),
    "having": lambda n: "SELECT (COUNT(*) AS ?c) WHERE {} HAVING " + " ".join(["(true)"] * n),
    "group-by-expressions": lambda n: "SELECT (COUNT(*) AS ?c) WHERE {} GROUP BY " + " ".join(
        f"(1 AS ?g{i})" for i in range(n)),
    "values-rows": lambda n: "SELECT * WHERE { VALUES ?x { " + "1 " * n + "} }",
    "collection-items": lambda n: "ASK { ?s <urn:p> ( " + "1 " * n + ") }",
}
_UPDATE_WHERE = "INSERT { <urn:s> <urn:p> ?x } WHERE "
UPDATES: dict[str, Callable[[int], str]] = {
    "update-operations": lambda n: " ; ".join(["INSERT DATA { <urn:s> <urn:p> 1 }"] * n),
    "update-data-triples": lambda n: "INSERT DATA { " + " ".join(f"<urn:s> <urn:p> {i} ." for i in range(n)) + " }",
    "update-union": lambda n: _UPDATE_WHERE + "{ " + " UNION ".join([G] * n) + " }",
    "update-nested-groups": lambda n: _UPDATE_WHERE + "{" * n + "}" * n,
    "update-plus": lambda n: _UPDATE_WHERE + "{ BIND(" + "+".join(["1"] * n) + " AS ?x) }",
    "update-and": lambda n: _UPDATE_WHERE + "{ BIND(1 AS ?x) FILTER(" + "&&".join(["true"] * n) + ") }",
    "update-optional": lambda n: _UPDATE_WHERE + "{ BIND(1 AS ?x) " + "OPTIONAL { BIND(1 AS ?y) } " * n + "}",
    "update-filter": lambda n: _UPDATE_WHERE + "{ BIND(1 AS ?x) " + "FILTER(true) " * n + "}",
    "update-bind": lambda n: "INSERT { <urn:s> <urn:p> ?x0 } WHERE { " + " ".join(
        f"BIND(1 AS ?x{i})" for i in range(n)) + " }",
    "update-triples": lambda n: "DELETE WHERE { " + " ".join(f"<urn:s> <urn:p{i}> ?o{i} ." for i in range(n)) + " }",
}


def crashes(text: str, kind: str, mode: str, timeout: float = 20.0) -> str:
    """'crash' (killed by a signal), 'timeout', or the engine's own outcome ('ok', 'syntax: …', 'error: …')."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    try:
        done = subprocess.run([sys.executable, "-c", _RUNNER, handle.name, kind, mode],
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout"
    finally:
        Path(handle.name).unlink()
    if done.returncode < 0:
        return "crash"
    return done.stdout.strip() or "ok"


def crash_point(make: Callable[[int], str], kind: str, mode: str, top: int = 100_000) -> tuple[int | None, str]:
    """The smallest size (within 5 %) that crashes, or None when ``top`` does not; and the last outcome seen.

    Sizes double until a crash; a run that times out (the engine is slow, not dead) stops the search.
    """
    low, high = 1, 2
    while high <= top:
        outcome = crashes(make(high), kind, mode)
        if outcome == "crash":
            break
        if outcome == "timeout":
            return None, f"timeout at {high}"
        low, high = high, high * 2
    else:
        return None, outcome
    while high - low > max(1, low // 20):
        middle = (low + high) // 2
        if crashes(make(middle), kind, mode) == "crash":
            high = middle
        else:
            low = middle
    return high, "crash"


def main(names: list[str]) -> None:
    table = {**{k: (v, "query") for k, v in CONSTRUCTS.items()}, **{k: (v, "update") for k, v in UPDATES.items()}}
    for name in names or list(table):
        make, kind = table[name]
        mode = "thread" if kind == "update" else "main"
        point, outcome = crash_point(make, kind, mode)
        found = f"crashes at {point}" if point else f"no crash up to 100000 ({outcome[:60]})"
        print(f"{name:24} {kind:6} {mode:6} {found}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
