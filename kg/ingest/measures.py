"""Measures and their responsible parties.

A measure is a section (or item) of a part about tasks or safeguards (重点任务, 主要任务, 关键举措,
保障措施 …), or any provision whose last sentence is a responsibility clause. Its parties come from
that clause, in the text's order, in any of the genre's forms: “（省科技厅、省发展改革委等按职责分工负责）”,
“（责任单位：市发改委、市工信局）”, “（牵头单位：市工信局；配合单位：市科技局）”, “（A牵头，B、C配合）”; or
from a row of a 任务分工 table (序号 | 任务 | 牵头单位 | 配合单位) whose task repeats the measure's title.
Leads come first. A measure the text assigns to nobody keeps no parties (the draft says so).
"""

from __future__ import annotations

import re

from kg.ingest.lexicon import AGENCY_PATTERNS
from kg.ingest.model import Measure
from kg.ingest.provisions import TABLE_ROW, Document, Provision, Sentence
from kg.ingest.segmentation import split_outside

RESPONSIBLE = re.compile(r"^[（(](?P<body>[^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*)[）)]$")
LABELLED = re.compile(r"^(?:责任单位|牵头单位|主责单位|实施单位)[：:]")
PARTNERS = re.compile(r"[；;，,]?\s*(?:配合单位|参与单位|协同单位)[：:]")
ENDS = re.compile(r"(?:按职责分工)?(?:分别)?负责$")
LEAD_PARTNER = re.compile(r"^(?P<leads>.+?)牵头[，、,]\s*(?P<partners>.+?)(?:等)?(?:参与|配合)$")
TASK_PARTS = ("任务", "举措", "措施", "行动", "工程", "组织实施", "保障")


def agent_class(name: str) -> tuple[str, str | None]:
    """The class of a responsible party from its name, and a doubt when no pattern fits."""
    for pattern, cls in AGENCY_PATTERNS:
        if re.search(pattern, name):
            return cls, None
    return "Agency", "no naming pattern fits: check whether it is an agency or a collective party"


def parse_clause(text: str) -> tuple[tuple[str, ...], int, bool] | None:
    """The parties of a responsibility clause, how many lead, and whether the list ends in 等; None if
    ``text`` is no responsibility clause."""
    match = RESPONSIBLE.match(text)
    if not match:
        return None
    body = match.group("body").strip()
    if LABELLED.match(body):
        pieces = PARTNERS.split(LABELLED.sub("", body), maxsplit=1)
        leads, partners = pieces[0], pieces[1] if len(pieces) > 1 else ""
        if not PARTNERS.search(body):
            return _parties(leads, "", single_lead=True)
        return _parties(leads, partners, single_lead=False)
    if pair := LEAD_PARTNER.match(body):
        return _parties(pair.group("leads"), pair.group("partners"), single_lead=False)
    if ENDS.search(body):
        return _parties(ENDS.sub("", body), "", single_lead=True)
    return None


def _parties(leads: str, partners: str, *, single_lead: bool) -> tuple[tuple[str, ...], int, bool]:
    def names(text: str) -> tuple[list[str], bool]:
        text = text.strip().rstrip("。；;")
        open_list = text.endswith("等")
        return [p.strip() for p in split_outside(text.removesuffix("等"), "、，,") if p.strip()], open_list

    first, open_first = names(leads)
    first = _collectives(first)
    second, open_second = names(partners)
    second = _collectives(second)
    lead_count = 1 if single_lead else len(first)
    return tuple(first + second), min(lead_count, len(first)), open_first or open_second


def _collectives(names: list[str]) -> list[str]:
    """“各镇、园区” is one collective party: after a name that opens with 各, the names that follow without
    an agency's ending (…局, …委, …厅, …办, …部, …政府, …会) belong to it."""
    out: list[str] = []
    for name in names:
        if out and out[-1].startswith("各") and not re.search(r"(局|委|厅|办|部|政府|会|院|室|行|所)$", name):
            out[-1] += f"、{name}"
        else:
            out.append(name)
    return out


def find_measures(document: Document) -> list[Measure]:
    """Measures: sections of task parts and provisions closed by a responsibility clause, with parties."""
    table = task_table(document)
    out = []
    for prov in document.numbered:
        if not prov.sentences:
            continue
        last, clause = _responsibility(prov)
        part = document.provisions[prov.key.split("-")[0]]
        if clause is None and not _task_section(prov, part, document):
            continue
        cls = ("SafeguardMeasure" if "保障" in (part.title or "") else
               "KeyMeasure" if any(w in (part.title or "") for w in TASK_PARTS) else "Measure")
        title = prov.title or prov.number or prov.key
        if clause is not None:
            parties, leads, open_list = clause
            out.append(Measure(prov.key, cls, title, last.key, parties, open_list, leads))
        elif row := table.get(_task_key(title)):
            sentence, parties, leads = row
            out.append(Measure(prov.key, cls, title, sentence, parties, False, leads))
        else:
            out.append(Measure(prov.key, cls, title, None, (), False, 0))
    return out


def _responsibility(prov: Provision) -> tuple[Sentence, tuple[tuple[str, ...], int, bool] | None]:
    """The responsibility clause that closes a paragraph of the provision (the last such), and its parties; a
    closing paragraph after it (各辖市、区要结合实际，抓好落实。) does not hide it."""
    body = prov.sentences[1:]
    for i in range(len(body) - 1, -1, -1):
        ends_paragraph = i == len(body) - 1 or body[i + 1].paragraph != body[i].paragraph
        if ends_paragraph and (clause := parse_clause(body[i].text)):
            return body[i], clause
    return prov.sentences[-1], None


def _task_section(prov: Provision, part: Provision, document: Document) -> bool:
    """A section (or an item of a section) directly under a part about tasks or safeguards."""
    if prov.kind != "Section" or part.kind != "Part":
        return False
    return any(word in (part.title or "") for word in TASK_PARTS) and not any(
        document.provisions[c].kind == "Item" for c in prov.children)


def task_table(document: Document) -> dict[str, tuple[str, tuple[str, ...], int]]:
    """Rows of a 任务分工 table: task (normalised) → (sentence, parties with leads first, number of leads)."""
    rows: dict[str, tuple[str, tuple[str, ...], int]] = {}
    columns: dict[str, int] | None = None
    for sentence in document.sentences.values():
        if not TABLE_ROW.search(sentence.text):
            continue
        cells = [c.strip() for c in re.split(r"\t+|\s*[|｜]\s*", sentence.text.strip("|｜ "))]
        if any("牵头" in c for c in cells) and any("任务" in c or "事项" in c for c in cells):
            columns = {"task": next(i for i, c in enumerate(cells) if "任务" in c or "事项" in c),
                       "lead": next(i for i, c in enumerate(cells) if "牵头" in c)}
            partner = next((i for i, c in enumerate(cells) if "配合" in c or "参与" in c), None)
            if partner is not None:
                columns["partner"] = partner
            continue
        if columns is None or len(cells) <= max(columns.values()):
            continue
        leads, _, _ = _parties(cells[columns["lead"]], "", single_lead=False)
        partners = _parties(cells[columns["partner"]], "", single_lead=False)[0] if "partner" in columns else ()
        rows[_task_key(cells[columns["task"]])] = (sentence.key, leads + partners, len(leads))
    return rows


def _task_key(title: str) -> str:
    return re.sub(r"[。；，\s]", "", title)
