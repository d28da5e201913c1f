"""Measures with their responsible parties, and quantitative targets.

A measure is a provision whose last sentence is a responsibility clause
“（省科技厅、省发展改革委等按职责分工负责）”; its parties are kept in the text's order (the first
leads). A target is a clause with a verb, a number and a measure word, in the scope of a year
(到2030年) or a period (每年): “建设50个以上开放应用场景”, “培养…人才（团队）100个以上”.
"""

from __future__ import annotations

import re

from kg.ingest.lexicon import AGENCY_PATTERNS, PLATFORM_SUFFIXES
from kg.ingest.model import Measure, Mention, Target
from kg.ingest.provisions import Document
from kg.ingest.segmentation import phrase_after_cuts, split_outside, strip_trailing

CLAUSE = re.compile(r"^（(?P<parties>.+?)(?P<open>等)?(?:按职责分工)?负责）$")
YEAR = re.compile(r"到(20\d\d)年")
TARGET_VERBS = "建设|建成|引育|培养|培育|实施|打造|新增|引进|创建|认定|开放|集聚|组建|布局|形成|发布|制定|突破"
UNITS = "个|家|项|名|支|座|条|所|批|亿元|万元|万人|人"
FORWARD = re.compile(rf"(?P<verb>{TARGET_VERBS})(?P<mid>[^，。；]*?)(?P<q>\d+)\s*(?P<unit>{UNITS})\s*(?P<ge>以上)?"
                     r"(?P<what>[^，。；]*)")
BACKWARD = re.compile(rf"(?P<verb>{TARGET_VERBS})(?P<what>[^，。；]*?[^\d\s])\s*(?P<q>\d+)\s*(?P<unit>{UNITS})"
                      r"\s*(?P<ge>以上)")
COUNTED_CLASSES = [("人才", "TalentCategory", "talent"), ("团队", "TalentCategory", "talent"),
                   ("项目", "ProjectCategory", "project"), ("场景", "ApplicationScenario", "scenario"),
                   ("企业", "ActorGroup", "project")]


def agent_class(name: str) -> tuple[str, str | None]:
    """The class of a responsible party from its name, and a doubt when no pattern fits."""
    for pattern, cls in AGENCY_PATTERNS:
        if re.search(pattern, name):
            return cls, None
    return "Agency", "no naming pattern fits: check whether it is an agency or a collective party"


def find_measures(document: Document) -> list[Measure]:
    """Provisions whose last sentence is a responsibility clause."""
    out = []
    for prov in document.numbered:
        if not prov.sentences:
            continue
        last = prov.sentences[-1]
        match = CLAUSE.match(last.text)
        if not match:
            continue
        parties = tuple(p.strip() for p in split_outside(match.group("parties"), "、，,") if p.strip())
        part_title = document.provisions[prov.key.split("-")[0]].title or ""
        cls = "SafeguardMeasure" if "保障" in part_title else "KeyMeasure" if "举措" in part_title else "Measure"
        out.append(Measure(prov.key, cls, prov.title or prov.number or prov.key, last.key, parties,
                           bool(match.group("open"))))
    return out


def find_targets(document: Document) -> tuple[list[Target], list[Mention]]:
    """Quantitative targets, and mentions of what they count."""
    targets: list[Target] = []
    mentions: list[Mention] = []
    for sentence in document.sentences.values():
        year = None
        for clause in re.split(r"[，；。]", sentence.text):
            if found := YEAR.search(clause):
                year = int(found.group(1))
            period = "annual" if "每年" in clause else None
            found_target = _match_target(clause)
            if found_target is None:
                continue
            match, counted = found_target
            doubt = None if (year or period) else "no year (到20XX年) or period (每年) in scope"
            wording = clause[clause.find("到"):] if year and clause.startswith("到") else clause[match.start():]
            target = Target(sentence.provision, sentence.key, wording.strip(), None if period else year, period,
                            int(match.group("q")), "atLeast" if match.group("ge") else "exactly", match.group("unit"),
                            tuple(label for label, _cls, _kind in counted), doubt)
            targets.append(target)
            for label, cls, kind in counted:
                mentions.append(Mention(kind, cls, label, sentence.key))
    return targets, mentions


def _match_target(clause: str) -> tuple[re.Match, list[tuple[str, str, str]]] | None:
    """The first target pattern that matches ``clause`` and names what it counts."""
    for pattern in (FORWARD, BACKWARD):
        match = pattern.search(clause)
        if not match or "等" in clause[max(0, match.start("q") - 1): match.start("q")]:
            continue
        if pattern is FORWARD and match.group("mid").rstrip().endswith("等"):
            continue
        counted = _counted(match.group("what"))
        if counted:
            return match, counted
    return None


def _counted(what: str) -> list[tuple[str, str, str]]:
    """What a target counts: the items of "A、B、C等D" (A, B, C), else the phrase itself."""
    what = strip_trailing(what.strip())
    if "等" in what:
        what = what[: what.rfind("等")]
    out = []
    for item in split_outside(what, "、"):
        label = phrase_after_cuts(item).strip()
        if len(label) < 2:
            continue
        out.append((label, *counted_class(label)))
    return out


def counted_class(label: str) -> tuple[str, str]:
    for suffix, cls in PLATFORM_SUFFIXES:
        if label.endswith(suffix):
            return cls, "platform"
    for word, cls, kind in COUNTED_CLASSES:
        if word in label:
            return cls, kind
    return "ProjectCategory", "project"
