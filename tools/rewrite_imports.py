"""Rewrite imports of modules that moved when ``kg/`` was split into layers (issue 19), in place.

``python tools/rewrite_imports.py PATH...`` rewrites every ``.py`` file under each PATH (a file or a folder):
``from kg.gate import x`` becomes ``from kg.writes.gate import x``, ``from kg import gate`` becomes
``from kg.writes import gate``, ``from kg import queries`` becomes ``from kg.query import named as queries``
(so the code that uses the name is unchanged), ``import kg.x`` and ``kg.x.attr`` chains likewise, and the
module strings given to ``mock.patch``, ``monkeypatch.setattr``/``delattr``, ``importlib.import_module`` and
``python -m`` argument lists, and Python code in strings (``python -c "from kg.cli import main; main()"``,
a script a test runs in a subprocess). Logger names and other strings that merely look like modules (``"kg.remote"``
names a logger) are left alone. ``--check`` only lists the files it would change (exit 1 if any).

The table :data:`MOVES` (old dotted module → new dotted module) is the record of where things moved, and
:data:`NAMES` the names that left their module afterwards (``from kg.validation import ValidationResult``
becomes ``from kg.validation.report import ValidationResult``); the
same table is printed in docs/architecture.md. The rewrite is idempotent: a file already rewritten is left
unchanged. It works on the syntax tree for finding statements and on the source text for editing them, so
formatting and comments elsewhere are kept; a ``from kg import a, b`` that has to be split is rewritten as
one statement per target package (run ``ruff check --select I --fix`` afterwards to sort them). A file
holding the comment ``# rewrite_imports: skip-file`` is left as it is.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

MOVES: dict[str, str] = {
    # rdf/: terms, vocabulary, syntaxes, payload parsing
    "kg.model": "kg.rdf.model",
    "kg.vocab": "kg.rdf.vocab",
    "kg.formats": "kg.rdf.formats",
    "kg.payload_screening": "kg.rdf.payload",
    "kg.formatting": "kg.rdf.normalise",
    # sparql/: SPARQL text (the package existed; binding joins it)
    "kg.binding": "kg.sparql.binding",
    # store/: the Store interface, its backends, opening and publishing stores
    "kg.store": "kg.store.base",
    "kg.embedded": "kg.store.embedded",
    "kg.remote": "kg.store.remote",
    "kg.remote_engines": "kg.store.remote_engines",
    "kg.remote_health": "kg.store.remote_health",
    "kg.remote_virtuoso": "kg.store.remote_virtuoso",
    "kg.connection": "kg.store.live",
    "kg.publication": "kg.store.publication",
    "kg.backup": "kg.store.backup",
    "kg.writes.versions": "kg.store.versions",  # the data version is the store's, read by queries too
    # validation/: SHACL
    "kg.validation": "kg.validation.shacl",
    "kg.validation_worker": "kg.validation.worker",
    "kg.impact": "kg.validation.impact",
    # reasoning/: OWL 2 RL materialisation, DL reasoners, the OWL profile
    "kg.materialise": "kg.reasoning.owl_rl",
    "kg.inference": "kg.reasoning.reference",
    "kg.reasoning": "kg.reasoning.dl",
    "kg.profile": "kg.reasoning.profile",
    "kg.owlapi": "kg.reasoning.owlapi",
    # build/: sources → store, publication, distribution files
    "kg.build": "kg.build.pipeline",
    "kg.remote_publication": "kg.build.remote_publication",
    "kg.distribution": "kg.build.distribution",
    # writes/: the gate and what it records (the package existed)
    "kg.gate": "kg.writes.gate",
    "kg.audit": "kg.writes.audit",
    "kg.delta_commit": "kg.store.delta",
    "kg.writes.delta_commit": "kg.store.delta",
    # query/: running SPARQL with limits, and named queries
    "kg.execution": "kg.query.executor",
    "kg.worker": "kg.query.worker",
    "kg.worker_channel": "kg.query.worker_channel",
    "kg.worker_limits": "kg.query.worker_limits",
    "kg.worker_sources": "kg.query.worker_sources",
    "kg.result_spool": "kg.query.result_spool",
    "kg.sandbox": "kg.query.sandbox",
    "kg.query_answer": "kg.query.answer",
    "kg.queries": "kg.query.named",
    # resources/: what is served about the data (linked data, JSON-LD, pages' views, service description)
    "kg.describe": "kg.resources.describe",
    "kg.export": "kg.resources.jsonld",
    "kg.views": "kg.resources.views",
    "kg.entity_view": "kg.resources.entity_view",
    "kg.neighbourhood": "kg.resources.neighbourhood",
    "kg.service_description": "kg.resources.service_description",
    "kg.graph_store": "kg.resources.graph_store",
    # cli/: the command line, an interface beside api/
    "kg.cli": "cli.main",
    "kg.cli_operations": "cli.operations",
    "kg.cli_journal": "cli.journal",
    "kg.refill": "kg.build.refill",
    "kg.replication": "kg.build.replication",
    "kg.cli_replicate": "cli.replicate",
    "kg.journal.recording": "kg.writes.journaling",
    "kg.journal_files": "kg.journal.files",
    "kg.rendering": "cli.render",
    "kg.reporting": "cli.report",
}

# Names that left their module after the move (module as it is now, name) -> the module that holds it.
NAMES: dict[tuple[str, str], str] = {
    **{("kg.validation.shacl", name): "kg.validation.report" for name in (
        "REPORT_FORMATS", "SEVERITIES", "ValidationResult", "read_results", "tag_message_languages", "path_text")},
    ("kg.validation.shacl", "rdflib_term"): "kg.rdf.convert",
    **{("kg.build.pipeline", name): "kg.derivation.whole" for name in (
        "derive", "reference_owl_rl", "DERIVED_GRAPH", "RULES_DIR", "NTRIPLES")},
    **{("kg.ingest.extraction", name): "kg.ingest.model" for name in (
        "KINDS", "Mention", "Measure", "Target", "Action", "Milestone", "Extraction")},
    ("kg.store.base", "require_rdf_format"): "kg.rdf.formats",
    ("kg.writes.gate", "data_version"): "kg.store.versions",
    ("kg.writes.gate", "changes_since"): "kg.store.versions",
    ("kg.writes.gate", "writes_paused"): "kg.write_limits",
    **{("kg.resources.views", name): "kg.rdf.vocab" for name in ("entity_iri", "entity_prefix", "split_entity_iri")},
}

_NEW = set(MOVES.values())
# Old modules whose name is now a package (kg.store, kg.validation, kg.reasoning, kg.build): an import of the
# package's own submodules from them is already new-style.
_SUBMODULES: dict[str, set[str]] = {}
for _new in _NEW:
    _parent, _, _base = _new.rpartition(".")
    _SUBMODULES.setdefault(_parent, set()).add(_base)
_CALLS_WITH_MODULE_STRINGS = {"patch", "setattr", "delattr", "import_module"}
_SKIP_FILE = "rewrite_imports: skip-file"  # a comment that keeps a file as it is (the tool's own tests)
_SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__"}


def moved(dotted: str) -> str | None:
    """The new spelling of a dotted name that starts with a moved module (``kg.gate._LOCK``), or None."""
    if any(dotted == new or dotted.startswith(new + ".") or dotted.startswith(new + ":") for new in _NEW):
        return None  # already rewritten
    parts = re.split(r"([.:])", dotted)
    for end in range(len(parts), 0, -2):
        head = "".join(parts[:end])
        if head in MOVES:
            return MOVES[head] + "".join(parts[end:])
    return None


def _offsets(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


class _Rewriter:
    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = _offsets(source)
        self.edits: list[tuple[int, int, str]] = []

    def at(self, line: int, col: int) -> int:
        # ast columns are UTF-8 byte offsets
        text = self.source[self.starts[line - 1] : self.starts[line]]
        return self.starts[line - 1] + len(text.encode("utf-8")[:col].decode("utf-8", errors="ignore"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.at(node.lineno, node.col_offset), self.at(node.end_lineno, node.end_col_offset)

    def visit(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                self.import_from(node)
            elif isinstance(node, ast.Import):
                self.import_(node)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                self.attribute(node)
            elif isinstance(node, ast.Call):
                self.call(node)
            elif isinstance(node, ast.List | ast.Tuple):
                self.module_arguments(node)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                self.embedded_code(node)

    def import_from(self, node: ast.ImportFrom) -> None:
        module = node.module
        names = [alias.name for alias in node.names]
        if module in MOVES and not (module in _SUBMODULES and set(names) <= _SUBMODULES[module]):
            module_now = MOVES[module]
        else:
            module_now = module
        # where each name now comes from: a moved module (from kg import gate), a name that left its
        # module (NAMES), or the statement's module
        homes = []
        for name in names:
            submodule = MOVES.get(f"{module}.{name}")
            if submodule:
                package, _, base = submodule.rpartition(".")
                homes.append((package, base))
            else:
                homes.append((NAMES.get((module_now, name), module_now), name))
        if module_now == module and all(home == (module, name) for home, name in zip(homes, names, strict=True)):
            return
        if all(home[0] == module_now and home[1] == name for home, name in zip(homes, names, strict=True)):
            start, end = self.span(node)
            match = re.compile(r"from\s+(" + re.escape(module) + r")\b").match(self.source, start, end)
            if match:
                self.edits.append((match.start(1), match.end(1), module_now))
            return
        by_module: dict[str, list[str]] = {}
        for alias, (home, base) in zip(node.names, homes, strict=True):
            by_module.setdefault(home, []).append(_alias(base, alias.asname or alias.name))
        indent = " " * node.col_offset
        lines = [_from_line(home, aliases, indent) for home, aliases in by_module.items()]
        start, end = self.span(node)
        self.edits.append((start, end, ("\n" + indent).join(lines)))

    def import_(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name in MOVES:
                start, end = self.span(node)
                match = re.compile(r"\b" + re.escape(alias.name) + r"\b").search(self.source, start, end)
                if match:
                    self.edits.append((match.start(), match.end(), MOVES[alias.name]))

    def attribute(self, node: ast.Attribute) -> None:
        chain = _dotted(node)
        if chain is None or not chain.startswith("kg."):
            return
        parent = getattr(node, "parent_chain", False)
        if parent:
            return
        new = moved(chain)
        if new is not None:
            start, end = self.span(node)
            if self.source[start:end] == chain:
                self.edits.append((start, end, new))

    def call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in _CALLS_WITH_MODULE_STRINGS and node.args:
            self.string(node.args[0])

    def module_arguments(self, node: ast.List | ast.Tuple) -> None:
        for before, after in zip(node.elts, node.elts[1:], strict=False):
            if isinstance(before, ast.Constant) and before.value == "-m":
                self.string(after)

    def string(self, node: ast.AST) -> None:
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            return
        new = moved(node.value)
        if new is None:
            return
        start, end = self.span(node)
        literal = self.source[start:end]
        if literal.count(node.value) == 1:
            at = start + literal.index(node.value)
            self.edits.append((at, at + len(node.value), new))

    def embedded_code(self, node: ast.Constant) -> None:
        # Python source in a string, run by ``python -c`` or a subprocess: rewritten as a file would be
        if "kg" not in node.value or "import" not in node.value:
            return
        tree = _parse(node.value) or _parse(textwrap.dedent(node.value))
        if tree is None or not any(isinstance(inner, ast.Import | ast.ImportFrom) for inner in ast.walk(tree)):
            return
        start, end = self.span(node)
        literal = self.source[start:end]
        if _parse(node.value) is not None and literal.count(node.value) == 1:
            new = rewrite_source(node.value)
            if new != node.value:
                at = start + literal.index(node.value)
                self.edits.append((at, at + len(node.value), new))
            return
        # indented, escaped or implicitly joined: rewrite the import statements of the literal one by one
        offset = 0
        for line in literal.splitlines(keepends=True):
            whole = re.match(r"([ \t]*)((?:from|import)[ \t]+kg\b[^;\n\"']*?)[ \t]*$", line.rstrip("\r\n"))
            if whole and _parse(whole.group(2)) is not None:
                new = rewrite_source(whole.group(2))
                if new != whole.group(2):
                    at = start + offset + whole.start(2)
                    self.edits.append((at, at + len(whole.group(2)), new.replace("\n", "\n" + whole.group(1))))
            else:
                for match in re.finditer(r"from\s+(kg(?:\.\w+)+)\s+import\s+(\w+)", line):
                    module, name = match.group(1, 2)
                    if module in MOVES and name not in _SUBMODULES.get(module, set()):
                        at = start + offset
                        self.edits.append((at + match.start(1), at + match.end(1), MOVES[module]))
            offset += len(line)

    def result(self) -> str:
        text = self.source
        for start, end, new in sorted(set(self.edits), reverse=True):
            text = text[:start] + new + text[end:]
        return text


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _alias(name: str, asname: str | None) -> str:
    return name if asname in (None, name) else f"{name} as {asname}"


def _from_line(module: str, aliases: list[str], indent: str) -> str:
    line = f"from {module} import {', '.join(aliases)}"
    if len(indent) + len(line) <= 120:
        return line
    inner = "".join(f"\n{indent}    {alias}," for alias in aliases)
    return f"from {module} import ({inner}\n{indent})"


def _mark_inner_attributes(tree: ast.AST) -> None:
    # only the outermost attribute of a chain is rewritten (kg.gate.x, not also kg.gate)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            node.value.parent_chain = True


def rewrite_source(source: str) -> str:
    """``source`` with its imports of moved modules rewritten (unchanged when there are none)."""
    if "kg" not in source or _SKIP_FILE in source:
        return source
    tree = ast.parse(source)
    _mark_inner_attributes(tree)
    rewriter = _Rewriter(source)
    rewriter.visit(tree)
    return rewriter.result()


def python_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_file() and path.suffix == ".py":
            yield path
        elif path.is_dir():
            for file in sorted(path.rglob("*.py")):
                if not _SKIPPED_DIRS.intersection(file.relative_to(path).parts[:-1]):
                    yield file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders (every .py file under them)")
    parser.add_argument("--check", action="store_true", help="list the files that would change; exit 1 if any")
    args = parser.parse_args(argv)
    changed = 0
    for file in python_files(args.paths):
        source = file.read_text(encoding="utf-8")
        try:
            new = rewrite_source(source)
        except SyntaxError as exc:
            print(f"{file}: skipped, does not parse: {exc}", file=sys.stderr)
            continue
        if new != source:
            changed += 1
            print(file)
            if not args.check:
                file.write_text(new, encoding="utf-8")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
