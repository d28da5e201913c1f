"""Quantitative targets: a clause with a verb, a number and a measure word, in the scope of a year.

The number may be written in words (百项 → 100 项, 十个 → 10 个, 二十家 → 20 家; 一批 is no number: a
qualitative goal, left to the milestones) or as a doubling (翻一番 → 2 倍, 翻两番 → 4 倍). The comparator
comes from the words around it: 以上, 突破, 超过, 不少于 → ``atLeast``; 左右, 约 → none (about); otherwise
``exactly``; 力争 (strive to) changes nothing. The year (到2030年) is stated once for a goal paragraph and
carries across its sentences; 每年 makes the target annual. The subject may come first (营业收入突破3000亿元).
"""

from __future__ import annotations

import re

from kg.ingest.lexicon import LEADING
from kg.ingest.model import Mention, Target
from kg.ingest.provisions import Document
from kg.ingest.segmentation import phrase_after_cuts, split_outside, strip_trailing, tokens

YEAR = re.compile(r"(?:到|至|截至)(20\d\d)年")
TARGET_VERBS = ("建设|建成|引育|培养|培育|实施|打造|新增|引进|创建|认定|开放|集聚|组建|布局|形成|发布|制定|突破|"
                "涌现|推动|遴选")
UNITS = "个|家|项|名|支|座|条|所|批|亿元|万元|万亿元|万人|人|款|种"
ABOUT = "左右|上下"
FORWARD = re.compile(rf"(?P<verb>{TARGET_VERBS})(?P<mid>[^，。；]*?)(?P<pre>约|超过|不少于)?(?P<q>\d+)"
                     rf"\s*(?P<unit>{UNITS})\s*(?P<ge>以上|{ABOUT})?(?P<what>[^，。；]*)")
BACKWARD = re.compile(rf"(?P<verb>{TARGET_VERBS})(?P<what>[^，。；]*?[^\d\s])\s*(?P<q>\d+)\s*(?P<unit>{UNITS})"
                      rf"\s*(?:(?P<ge>以上|{ABOUT})|$)")  # the count last: …以上, …左右, or the end of the clause
SUBJECT = re.compile(rf"(?P<what>[^，。；]{{2,24}}?)(?P<pre>突破|超过|达到|不少于|不低于)(?P<q>\d+)\s*(?P<unit>{UNITS})"
                     rf"\s*(?P<ge>以上|{ABOUT})?")
DOUBLE = re.compile(r"(?P<what>[^，。；]{2,24}?)(?:力争)?(?:实现)?翻(?P<times>一|两)番")
NUMERAL = re.compile(rf"(?<![第\d])(?P<n>[一二两三四五六七八九十百千]+)(?=(?:{UNITS.replace('批|', '')}))")
DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
COUNTED_CLASSES = [("人才", "TalentCategory", "talent"), ("团队", "TalentCategory", "talent"),
                   ("项目", "ProjectCategory", "project"), ("场景", "ApplicationScenario", "scenario"),
                   ("企业", "ActorGroup", "actor")]


def numeral_value(text: str) -> int | None:
    """一 → 1, 十 → 10, 二十 → 20, 百 → 100, 三百 → 300, 一千二百 → 1200; None for what is no number."""
    total, digit = 0, None
    for char in text:
        if char in DIGITS:
            if digit is not None:
                return None  # 一二: no numeral of the genre
            digit = DIGITS[char]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[char]
            total += (1 if digit is None else digit) * unit
            digit = None
    return total + (digit or 0) or None


def arabic(text: str) -> str:
    """The numbers written in words before a measure word as digits (百项 → 100项); 一批 stays."""
    def convert(match: re.Match) -> str:
        value = numeral_value(match.group("n"))
        return str(value) if value else match.group(0)

    return NUMERAL.sub(convert, text)


def find_targets(document: Document) -> tuple[list[Target], list[Mention]]:
    """Quantitative targets, and mentions of what they count."""
    targets: list[Target] = []
    mentions: list[Mention] = []
    scope: tuple[str, int] | None = None
    year = None
    for sentence in document.sentences.values():
        if scope != (sentence.provision, sentence.paragraph):
            scope, year = (sentence.provision, sentence.paragraph), None
        for clause in re.split(r"[，；。]", sentence.text):
            if found := YEAR.search(clause):
                year = int(found.group(1))
            period = "annual" if "每年" in clause else None
            target = _target(clause, sentence.provision, sentence.key, None if period else year, period)
            if target is None:
                continue
            targets.append(target)
            for label in target.counted:
                mentions.append(Mention(counted_kind(label)[1], counted_kind(label)[0], label, sentence.key))
    return targets, mentions


def _target(clause: str, provision: str, sentence: str, year: int | None, period: str | None) -> Target | None:
    written = arabic(clause)
    doubt = None if (year or period) else "no year (到20XX年) or period (每年) in scope"
    if double := DOUBLE.search(written):
        times = 2 if double.group("times") == "一" else 4
        return Target(provision, sentence, _wording(clause, written, double.start("what"), year), year, period,
                      times, "exactly", "倍", (), doubt)
    for pattern in (FORWARD, BACKWARD, SUBJECT):
        match = pattern.search(written)
        if not match or "等" in written[max(0, match.start("q") - 1): match.start("q")]:
            continue
        if pattern is FORWARD and match.group("mid").rstrip().endswith("等"):
            continue
        counted = _counted(match.group("what")) if pattern is not SUBJECT else ()
        if not counted and pattern is not SUBJECT:
            continue
        start = match.start("what") if pattern is SUBJECT else match.start()
        return Target(provision, sentence, _wording(clause, written, start, year), year, period,
                      int(match.group("q")), _comparator(match), match.group("unit"), counted, doubt)
    return None


def _wording(clause: str, written: str, start: int, year: int | None) -> str:
    """The target as written: from its verb (or subject) to the end of the clause, in the text's words."""
    if year and clause.startswith("到"):
        start = 0
    original = clause[start:] if written[:start] == clause[:start] else written[start:]
    return original.strip()


def _comparator(match: re.Match) -> str | None:
    after, before = match.group("ge") or "", match.groupdict().get("pre") or ""
    if after in ABOUT.split("|") or before == "约":
        return None
    if after == "以上" or before in ("突破", "超过", "不少于", "不低于"):
        return "atLeast"
    return "exactly"


def _counted(what: str) -> tuple[str, ...]:
    """What a target counts: the items of "A、B、C等D" (A, B, C), else the phrase itself."""
    what = strip_trailing(what.strip())
    if "等" in what:
        what = what[: what.rfind("等")]
    out = []
    for item in split_outside(what, "、"):
        label = phrase_after_cuts(_before_verb(item)).strip()
        if len(label) >= 2:
            out.append(label)
    return tuple(out)


def _before_verb(phrase: str) -> str:
    """The noun phrase before a verb that goes on about it: 标志性产品实现产业化应用 → 标志性产品."""
    out = ""
    for token in tokens(phrase):
        if token in LEADING and len(out) >= 2:
            break
        out += token
    return out


def counted_kind(label: str) -> tuple[str, str]:
    """The class and kind of what a target counts, from its closing words."""
    from kg.ingest.lexicon import PLATFORM_SUFFIXES

    for suffix, cls in PLATFORM_SUFFIXES:
        if label.endswith(suffix):
            return cls, "platform"
    for word, cls, kind in COUNTED_CLASSES:
        if word in label:
            return cls, kind
    return "ProjectCategory", "project"
