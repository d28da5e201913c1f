"""OWL 2 DL: HermiT (through owlready2) finds ontology + data consistent; the OWL API says OWL 2 DL profile."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL

ROOT = Path(__file__).resolve().parents[2]
FILES = [ROOT / "ontology" / "kg.ttl", *sorted((ROOT / "ontology" / "modules").glob("*.ttl")),
         *sorted((ROOT / "data").glob("*.ttl"))]
MODULES = ["actor", "document", "external", "industry", "measure"]


def _hermit_jar() -> Path:
    import owlready2

    return Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed")
def test_hermit_finds_ontology_and_data_consistent(tmp_path):
    import owlready2

    merged = Graph()
    for f in FILES:
        merged.parse(f, format="turtle")
    merged.remove((None, OWL.imports, None))  # everything is in the one file
    path = tmp_path / "fikg.owl"
    merged.serialize(path, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


@pytest.mark.skipif(shutil.which("javac") is None or shutil.which("java") is None, reason="no JDK")
def test_owl2_dl_profile_with_imports_resolved_locally(tmp_path):
    jar = _hermit_jar()
    source = ROOT / "tools" / "owlapi" / "ProfileCheck.java"
    subprocess.run(["javac", "-cp", str(jar), "-d", str(tmp_path), str(source)], check=True, capture_output=True)
    base = "https://w3id.org/fikg/ontology"
    mappings = [f"{base}={ROOT / 'ontology' / 'kg.ttl'}"]
    mappings += [f"{base}/modules/{m}={ROOT / 'ontology' / 'modules' / f'{m}.ttl'}" for m in MODULES]
    out = subprocess.run(
        ["java", "-cp", os.pathsep.join([str(jar), str(tmp_path)]), "ProfileCheck",
         str(ROOT / "data" / "jiangsu-2023-104.ttl"), *mappings],
        check=True, capture_output=True, text=True, timeout=240,
    ).stdout
    assert "IN-PROFILE" in out.splitlines(), out[:4000]
