"""The kinds of entity (the ``{kind}`` of ``…/id/{kind}/{slug}``) as people read them, and the list of all
entities of one kind, in document order, for the browsable list pages the home page links.

The names of the kinds are interface words (like the pages' headings), not facts of the graph: a kind
without a name here is shown as it is spelt in its IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.rdf.model import Literal
from kg.rdf.vocab import entity_prefix
from kg.resources.document_order import Place, places
from kg.resources.views import Labels, Resource, resources
from kg.store.base import Store

KIND_NAMES = {
    "action": Labels("行动", "actions"), "actor-group": Labels("主体群体", "groups of actors"),
    "agency": Labels("机构", "agencies"), "challenge": Labels("挑战", "challenges"),
    "component": Labels("数据集组件", "dataset components"), "concept-scheme": Labels("概念体系", "concept schemes"),
    "coverage": Labels("覆盖关系", "coverage links"), "data": Labels("数据", "data"),
    "dataset": Labels("数据集", "datasets"), "document": Labels("文件", "documents"),
    "document-type": Labels("公文文种", "document types"),
    "domain": Labels("领域", "domains"), "field": Labels("方向", "fields"), "fund": Labels("基金", "funds"),
    "indicator": Labels("指标", "indicators"), "industry": Labels("产业", "industries"),
    "industry-system": Labels("产业体系", "industry systems"), "instrument": Labels("政策工具", "policy instruments"),
    "material": Labels("材料", "materials"), "measure": Labels("措施", "measures"),
    "mechanism": Labels("机制", "mechanisms"), "milestone": Labels("里程碑", "milestones"),
    "observation": Labels("观测值", "observations"), "organization": Labels("组织", "organisations"),
    "party": Labels("集体责任方", "collective parties"), "period": Labels("时间", "periods"),
    "platform": Labels("平台", "platforms"), "product": Labels("产品", "products"),
    "programme": Labels("计划", "programmes"), "project": Labels("项目", "projects"),
    "provision": Labels("条款", "provisions"), "publication-status": Labels("公开属性", "publication status"),
    "region": Labels("地区", "regions"), "responsibility": Labels("责任分工", "responsibilities"),
    "scenario": Labels("应用场景", "application scenarios"), "sector": Labels("行业", "sectors"),
    "sentence": Labels("句子", "sentences"), "structure": Labels("数据结构", "data structures"),
    "talent": Labels("人才", "talent"), "target": Labels("目标", "targets"),
    "technology": Labels("技术", "technologies"),
}
MAX_LISTED = 1000


def kind_name(kind: str) -> Labels:
    """The kind's name in both languages (the kind as spelt when it has none)."""
    return KIND_NAMES.get(kind, Labels(kind, kind))


@dataclass(frozen=True)
class KindList:
    """Entities of one kind (at most :data:`MAX_LISTED`, in document order), and how many there are."""

    kind: str
    name: Labels
    entities: list[tuple[Resource, Place | None]]
    total: int


def list_kind(store: Store, base: str, kind: str) -> KindList:
    """Every entity of ``kind``: those the document places in its order (with their section), then by label."""
    prefix = entity_prefix(base) + kind + "/"
    rows = store.select("SELECT DISTINCT ?prefix ?e WHERE { ?e a ?type "
                        "FILTER(isIRI(?e) && STRSTARTS(STR(?e), ?prefix)) }", prefix=Literal(prefix))
    listed = [r for r in resources(store, [row["e"].value for row in rows], base) if r.kind == kind]
    placed = places(store, [r.iri for r in listed])
    listed.sort(key=lambda r: (placed[r.iri].key if r.iri in placed else (1 << 62, 0), r.labels.get("en", r.slug)))
    return KindList(kind, kind_name(kind), [(r, placed.get(r.iri)) for r in listed[:MAX_LISTED]], len(listed))
