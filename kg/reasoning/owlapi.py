"""The OWL API (the library under Protégé) through a small Java tool, compiled on first use.

The OWL API jar ships inside owlready2 (with Pellet); ``kg/java/OwlTool.java`` is compiled with
``javac`` into a cache directory once. Everything here needs Java; callers check
:func:`java_available` first and say that the check is off when it is missing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from kg.errors import ReasonerError

_SOURCE = Path(__file__).parent / "java" / "OwlTool.java"


def java_available() -> bool:
    """Whether ``java`` and ``javac`` are on PATH."""
    return shutil.which("java") is not None and shutil.which("javac") is not None


def owlready_dir() -> Path:
    """owlready2's install directory (holding the HermiT and Pellet jars)."""
    import owlready2

    return Path(owlready2.__file__).parent


def pellet_classpath() -> str:
    """Pellet and the OWL API 3 it bundles."""
    pellet = owlready_dir() / "pellet"
    return os.pathsep.join([str(pellet), *(str(j) for j in sorted(pellet.glob("*.jar")))])


def _cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "fikg" / "owltool"
    digest = hashlib.sha256(_SOURCE.read_bytes()).hexdigest()[:12]
    return root / digest


def compiled_tool() -> Path:
    """The directory holding OwlTool.class, compiling it if needed."""
    if not java_available():
        raise ReasonerError("Java is not installed: the OWL API checks are off")
    target = _cache_dir()
    if not (target / "OwlTool.class").exists():
        target.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["javac", "-nowarn", "-d", str(target), "-cp", pellet_classpath(), str(_SOURCE)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise ReasonerError(f"cannot compile the OWL API tool: {done.stderr.strip()[:500]}")
    return target


def read_catalog(catalog: Path) -> dict[str, Path]:
    """The ``<uri name=… uri=…/>`` entries of a Protégé catalog-v001.xml, as IRI → absolute file."""
    import xml.etree.ElementTree as ET

    root = ET.parse(catalog).getroot()
    entries = {}
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "uri" and element.get("name") and element.get("uri"):
            entries[element.get("name")] = (catalog.parent / element.get("uri")).resolve()
    return entries


def as_rdfxml(path: Path, directory: Path) -> Path:
    """An RDF/XML copy of a Turtle file (rdflib parses; the OWL API 3 Turtle parser is stricter)."""
    import rdflib

    if path.suffix not in {".ttl", ".n3"}:
        return path
    target = directory / (hashlib.sha256(str(path).encode()).hexdigest()[:16] + ".owl")
    if not target.exists():
        rdflib.Graph().parse(path, format="turtle").serialize(target, format="xml")
    return target


def run_tool(*args: str, catalog: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run OwlTool with ``args``; imports resolve through ``catalog`` (a catalog-v001.xml) when given.

    Turtle arguments and catalog targets are handed over as RDF/XML copies.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        if len(args) > 1:  # the input file: "profile IN" or "convert IN OUT FORMAT"
            args = (args[0], str(as_rdfxml(Path(args[1]), directory)), *args[2:])
        entries = read_catalog(catalog) if catalog else {}
        mappings = ";".join(f"{iri}|{as_rdfxml(path, directory)}" for iri, path in entries.items())
        return _run_java(args, mappings, timeout)


def _run_java(args: tuple[str, ...], mappings: str, timeout: float) -> subprocess.CompletedProcess[str]:
    classpath = os.pathsep.join([str(compiled_tool()), pellet_classpath()])
    options = [f"-Dcatalog={mappings}"] if mappings else []
    done = subprocess.run(["java", "-Xmx2g", *options, "-cp", classpath, "OwlTool", *args],
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        cause = next((line for line in done.stderr.splitlines() if "Exception" in line), done.stderr.strip()[-300:])
        raise ReasonerError(f"OWL API tool failed: {cause.strip()[:500]}")
    return done


def convert(source: Path, target: Path, fmt: str, catalog: Path | None = None) -> Path:
    """Re-serialise an ontology file as Protégé would save it (rdfxml, owlxml, turtle, functional)."""
    run_tool("convert", str(source), str(target), fmt, catalog=catalog)
    return target
