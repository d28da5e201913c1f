"""Editor's labels: the names people use, on the entities they name, marked as the editor's and not cited."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from tests.graph.conftest import FIKG, ID

_SPEC = importlib.util.spec_from_file_location(
    "fikg_data_aliases", Path(__file__).resolve().parents[2] / "tools" / "fikg_data_aliases.py")
ALIASES_TABLE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(ALIASES_TABLE)
ALIASES, HIDDEN = ALIASES_TABLE.ALIASES, ALIASES_TABLE.HIDDEN

GROWTH = ["third-generation-semiconductors", "future-networks", "hydrogen-energy", "new-type-energy-storage",
          "cell-and-gene-technologies", "synthetic-biology", "general-intelligence", "frontier-new-materials",
          "zero-and-negative-carbon-ccus", "virtual-reality"]


def _editor_labels(data) -> set[tuple[URIRef, URIRef, Literal]]:
    marks = {FIKG.editorAltLabel: SKOS.altLabel, FIKG.editorHiddenLabel: SKOS.hiddenLabel}
    return {(s, marks[p], o) for p in marks for s, o in data.subject_objects(p)}


def test_every_row_of_the_table_is_one_marked_label(data):
    labels = _editor_labels(data)
    assert len(labels) == len(ALIASES) >= 40
    for entity, prop, label in labels:
        assert (entity, prop, label) in data, (entity, label)
    kinds = Counter(prop for _, prop, _ in labels)
    assert kinds[SKOS.hiddenLabel] == sum(1 for row in ALIASES if row[3] == HIDDEN) > 0


def test_names_come_in_chinese_english_and_abbreviations(data):
    labels = [(str(label), label.language) for _, _, label in _editor_labels(data)]
    assert sum(1 for _, lang in labels if lang == "zh") >= 20
    assert sum(1 for x, lang in labels if lang == "en" and " " in x) >= 15
    assert sum(1 for x, _ in labels if x.replace("-", "").isalnum() and x.upper() == x) >= 10  # CCUS, CAR-T, 6G


def test_every_growth_industry_has_editor_labels_on_itself_or_its_concepts(data):
    for slug in GROWTH:
        industry = URIRef(f"{ID}industry/{slug}")
        members = {industry, *data.subjects(FIKG.belongsToIndustry, industry)}
        named = {e for e, _, _ in _editor_labels(data) if e in members}
        assert named, slug


def test_a_name_of_two_concepts_is_on_both(data):
    def named(text: str) -> set[str]:
        return {str(e).removeprefix(ID) for e, _, label in _editor_labels(data) if str(label) == text}

    sic_gan = "technology/sic-gan-substrate-epitaxy-preparation"
    assert named("SiC") == {"material/silicon-carbide-substrates-and-epitaxial-materials", sic_gan}
    assert named("GaN") == {"material/gallium-nitride-substrates-and-epitaxial-materials", sic_gan}
    assert named("碳化硅") == {sic_gan}  # the material has 碳化硅 from the text itself
    assert set(data.subjects(SKOS.altLabel, Literal("碳化硅", lang="zh"))) == {
        URIRef(ID + sic_gan), URIRef(ID + "material/silicon-carbide-substrates-and-epitaxial-materials")}
    assert named("CCUS") == {"industry/zero-and-negative-carbon-ccus", "technology/ccus-technologies"}


def test_a_label_is_not_a_claim(data):
    """Editor's labels are neither cited nor annotated as stated by the document."""
    label_properties = {SKOS.altLabel, SKOS.hiddenLabel, FIKG.editorAltLabel, FIKG.editorHiddenLabel}
    for axiom in data.subjects(RDF.type, OWL.Axiom):
        assert data.value(axiom, OWL.annotatedProperty) not in label_properties


def test_no_editor_label_repeats_the_entitys_own_label(data):
    for entity, _, label in _editor_labels(data):
        assert label not in set(data.objects(entity, RDFS.label)), (entity, label)
