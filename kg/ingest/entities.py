"""Rules that find named things: industries, technologies, platforms, programmes and funds, regions.

- Industries: lists closed by “等N个成长型未来产业” / “等一批前沿性未来产业”, and the items of a
  section about industries whose titles are industry names (二(一)1 第三代半导体).
- Technologies: in an industry's item, lists “A、B、C等关键技术” (the closing noun gives the class:
  技术 → Technology, 材料 → Material, 器件/产品 → Product, 领域 → TechnologyField) and single
  phrases ending in 技术, 材料, 器件, 装备, 电池, 治疗 ….
- Platforms, programmes and funds: noun phrases ending in a telling suffix (…实验室, …中心, …研究院,
  …先导区, …计划, …工程, …基金), cut after the verb that opens them.
- Regions: a gazetteer of provinces, cities and regions, outside the names of agencies and platforms.
"""

from __future__ import annotations

import re

from kg.ingest.lexicon import (
    CITIES,
    GENERIC_MODIFIERS,
    LEADING,
    LIST_HEADS,
    PLATFORM_SUFFIXES,
    PROGRAMME_SUFFIXES,
    PROGRAMME_WORDS,
    PROVINCES,
    REGIONS,
    TECH_SUFFIXES,
)
from kg.ingest.model import Mention
from kg.ingest.provisions import Document, Provision, cn_number
from kg.ingest.segmentation import phrase_after_cuts, split_outside, strip_leading, strip_trailing, tokens

INDUSTRY_LIST = re.compile(r"(?P<items>[^，。；：]+?)(?P<etc>等)?"
                           r"(?P<count>(?:\d+|[一二两三四五六七八九十]+)(?:个|大)|一批)?(?P<kind>成长型|前沿性|新兴)?"
                           r"(?P<noun>未来产业(?:方向|领域)?|(?:重点|发展)?(?:方向|领域))")
LAST_JOIN = re.compile(r"(?<=[\u4e00-\u9fff])(?:和|及|与)(?=[\u4e00-\u9fff])")
DIRECTION_LINE = re.compile(r"^(?P<name>[^，。；：、]{2,12})：")
INDUSTRY_CLASS = {"成长型": "GrowthFutureIndustry", "前沿性": "FrontierFutureIndustry"}
CONCEPT_KINDS = {"Technology", "Material", "Product", "TechnologyField"}
HEAD_KIND = {"ApplicationDomain": "domain", "ApplicationScenario": "scenario", "Sector": "sector",
             "Challenge": "challenge", "Laboratory": "platform", "InnovationPlatform": "platform"}


def clauses(text: str) -> list[str]:
    """Clauses of a sentence: split on ，；。： outside brackets."""
    return [c for c in split_outside(text, "，；。：") if c.strip()]


def find_industries(document: Document) -> tuple[list[Mention], dict[str, str]]:
    """Industry (and direction) mentions, and which provisions or sentences are about which industry.

    Lists: “A、B等10个成长型未来产业”, “A、B等6个未来产业方向”, “面向A、B和C六大方向” (a count, or
    growth/frontier, must say it is a list of industries). Then the sections or items of a part about
    industries or directions whose titles name one (二(一)1 第三代半导体), and the lines of a 专栏 that
    open with one (“未来制造：发展…”). The keys of the returned mapping are provisions or sentences.
    """
    mentions: list[Mention] = []
    known: dict[str, str] = {}  # label → class
    for sentence in document.sentences.values():
        for match in INDUSTRY_LIST.finditer(sentence.text):
            if not (match.group("count") or match.group("kind")):
                continue  # "…等未来产业先发地区" is no list of industries
            if not match.group("etc") and not match.group("noun").endswith(("方向", "领域")):
                continue  # "培育10个未来产业" counts, it does not list
            cls = INDUSTRY_CLASS.get(match.group("kind") or "", "FutureIndustry")
            for pos, label in enumerate(_list_items(match), start=1):
                known.setdefault(label, cls)
                doubt = None if cls != "FutureIndustry" else "the list does not say growth or frontier"
                mentions.append(Mention("industry", known[label], label, sentence.key, position=pos, doubt=doubt))
    about: dict[str, str] = {}
    for prov in document.numbered:
        parent = document.provisions.get(prov.parent or "")
        if prov.kind not in ("Item", "Section") or not prov.title or not parent:
            continue
        if not any(word in (parent.title or "") for word in ("产业", "方向", "领域")):
            continue
        title = prov.title
        if prov.kind == "Section" and title not in known and not _among_listed(prov, parent, document, known):
            continue  # a section under 重点方向 is about an industry when a list names it, or most of its siblings
        cls = known.get(title) or INDUSTRY_CLASS.get(next((k for k in INDUSTRY_CLASS if k in parent.title), ""))
        doubt = None if title in known else "an item title under an industry section, not in any industry list"
        mentions.append(Mention("industry", cls or "FutureIndustry", title, prov.sentences[0].key, doubt=doubt))
        about[prov.key] = title
    for sentence in document.sentences.values():  # 专栏 lines that open with a listed direction
        if (line := DIRECTION_LINE.match(sentence.text)) and line.group("name") in known:
            name = line.group("name")
            mentions.append(Mention("industry", known[name], name, sentence.key))
            about[sentence.key] = name
    for sentence in document.sentences.values():  # later namings of a known industry
        for clause in clauses(sentence.text):
            for item in split_outside(clause, "、"):
                label = strip_leading(item.split("等")[0]).strip()
                if label in known and not any(m.sentence == sentence.key and m.label == label for m in mentions):
                    mentions.append(Mention("industry", known[label], label, sentence.key))
    return mentions, about


def _among_listed(prov: Provision, parent: Provision, document: Document, known: dict[str, str]) -> bool:
    """A section whose siblings are mostly listed industries, and whose title is a name (short, no digit, no
    opening verb): the text lays out one more direction than its list (前瞻布局X领域)."""
    titles = [document.provisions[c].title for c in parent.children if document.provisions[c].kind == "Section"]
    listed = sum(1 for t in titles if t in known)
    name = prov.title or ""
    return (listed * 2 > len(titles) and len(name) <= 12 and not re.search(r"\d", name)
            and strip_leading(name) == name)


def _list_items(match: re.Match) -> list[str]:
    """The items of a list of industries; the last split at 和/及/与 when the count asks for one more."""
    items = [item.strip() for item in split_outside(match.group("items"), "、")]
    items[0] = _without_opening_verb(strip_leading(items[0]))
    count = _count(match.group("count") or "")
    if count == len(items) + 1 and len(LAST_JOIN.split(items[-1])) == 2:
        items[-1:] = LAST_JOIN.split(items[-1])
    return [item for item in items if item]


def _without_opening_verb(item: str) -> str:
    """``item`` less an opening verb the segmenter kept inside a word (面向未来|制造 → 未来制造)."""
    for word in sorted(LEADING, key=len, reverse=True):
        if item.startswith(word) and len(item) - len(word) >= 2:
            return item[len(word):]
    return item


def _count(text: str) -> int | None:
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group(0))
    numeral = re.match(r"[一二两三四五六七八九十]+", text)
    return cn_number(numeral.group(0).replace("两", "二")) if numeral else None


def list_class(head: str) -> tuple[str | None, str]:
    """The class a list's closing noun gives its items, and the head without trailing verbs."""
    head = strip_trailing(head.split("的")[0])
    for word, cls in LIST_HEADS:
        if head.endswith(word) or head.startswith(word):
            return cls, head
    return None, head


def suffix_class(label: str) -> str | None:
    return next((cls for suffix, cls in TECH_SUFFIXES if label.endswith(suffix)), None)


def find_technologies(document: Document, about: dict[str, str], industries: set[str]) -> list[Mention]:
    """Concepts of the technology taxonomy (and domains, scenarios, sectors) where an industry is described:
    the body of its item or section, or its 专栏 line after the name."""
    out: list[Mention] = []
    for key, industry in about.items():
        if key in document.provisions:
            texts = [(s.key, s.text) for s in document.provisions[key].sentences[1:]]
        else:
            texts = [(key, document.sentences[key].text.split("：", 1)[1])]
        for sentence, text in texts:
            for clause in clauses(text):
                out.extend(_clause_concepts(clause, sentence, industry, industries))
    return out


def _clause_concepts(clause: str, sentence: str, industry: str, industries: set[str]) -> list[Mention]:
    items = split_outside(clause, "、")
    if len(items) < 2 and "等" not in clause:
        label = strip_trailing(phrase_after_cuts(strip_trailing(clause)))
        cls = suffix_class(label)
        if cls and 3 <= len(label) <= 25 and label not in industries:
            return [Mention("technology", cls, label, sentence, industry=industry)]
        return []
    head = ""
    for i, item in enumerate(items):  # "A、B及关键材料的低成本、规模化应用": the list ends at 的
        if "的" in item:
            items = [*items[:i], item.split("的")[0]]
            break
    if "等" in items[-1]:
        items[-1], _, head = items[-1].rpartition("等")
    else:
        items[-1] = strip_trailing(items[-1])
    items[0] = phrase_after_cuts(items[0])
    modifiers = all(len(i) <= 3 and i.startswith(tuple("高低长短大小多强全超")) for i in items[:-1])
    if modifiers and suffix_class(items[-1]) and not head:
        whole = "、".join(items)
        return [Mention("technology", suffix_class(items[-1]), items[-1], sentence, wording=whole, industry=industry)]
    cls, head = list_class(head) if head else (None, "")
    out: list[Mention] = []
    broader = None
    generic = (head.startswith(("重点", "关键", "前沿", "环节", "核心", "相关")) or _only_class_words(head)
               or head.endswith(("方式", "模式")))  # a way of making, not a concept of the taxonomy
    if cls in CONCEPT_KINDS and head not in industries and len(head) > 4 and not generic:
        broader = head
        out.append(Mention("technology", cls, head, sentence, industry=industry))
    for item in items:
        label = strip_trailing(item.strip())
        if len(label) < 2 or label in industries:
            continue
        if cls in HEAD_KIND:
            out.append(Mention(HEAD_KIND[cls], cls, label, sentence))
        elif cls in CONCEPT_KINDS:
            out.append(Mention("technology", cls, label, sentence, industry=industry, broader=broader))
        elif own := suffix_class(label):
            out.append(Mention("technology", own, label, sentence, industry=industry))
        elif any(suffix_class(i) for i in items) and len(label) > 2:
            out.append(Mention("technology", "Technology", label, sentence, industry=industry,
                               doubt="class guessed from the other items of its list"))
    return out


def _only_class_words(head: str) -> bool:
    """A head that is only class nouns (技术和产品, 材料及器件): it names the kind, not a concept."""
    rest = re.sub(r"[和及与、]", "", head)
    for word, _cls in sorted(LIST_HEADS, key=lambda pair: len(pair[0]), reverse=True):
        rest = rest.replace(word, "")
    return not rest


def find_named_things(document: Document) -> list[Mention]:
    """Platforms, laboratories, programmes and funds anywhere in the text but its title (which names the
    document itself) and its closing."""
    out: list[Mention] = []
    for sentence in document.sentences.values():
        if sentence.provision in ("closing", "annex") or sentence.text == document.title:
            continue
        for quoted in re.findall(r"“([^”]+)”", sentence.text):
            for suffix, cls in PROGRAMME_SUFFIXES:
                if quoted.endswith(suffix):
                    cls = next((c for word, c in PROGRAMME_WORDS if word in quoted), cls)
                    out.append(Mention("programme", cls, quoted, sentence.key))
                    break
        text = re.sub(r"“[^”]+”", lambda m: "“" + "　" * (len(m.group(0)) - 2) + "”", without_titles(sentence.text))
        for clause in clauses(text):
            for segment in split_outside(clause, "、和及与"):
                out.extend(_suffix_phrases(segment, sentence.key))
    return out


def _suffix_phrases(segment: str, sentence: str) -> list[Mention]:
    found: list[Mention] = []
    parts = tokens(segment)
    end = 0
    for i, token in enumerate(parts):
        end += len(token)
        prefix = "".join(parts[: i + 1])
        for suffixes, kind in ((PLATFORM_SUFFIXES, "platform"), (PROGRAMME_SUFFIXES, "programme")):
            cls = next((c for s, c in suffixes if prefix.endswith(s)), None)
            if cls is None:
                continue
            label = phrase_after_cuts(prefix).strip("　“” ")
            if kind == "programme":
                cls = next((c for word, c in PROGRAMME_WORDS if word in label), cls)
            if len(label) >= 4 and not _generic(label, suffixes):
                found = [m for m in found if not label.startswith(m.label)]
                found.append(Mention(kind, cls, label, sentence))
            break
    return found


def _generic(label: str, suffixes: list[tuple[str, str]]) -> bool:
    """Whether a platform name is only modifiers and a suffix ("重大创新平台"), or the document itself
    ("本行动计划")."""
    if label.startswith("本"):
        return True
    core = label
    changed = True
    while changed:
        changed = False
        for word in GENERIC_MODIFIERS:
            if core.startswith(word):
                core, changed = core[len(word):], True
    return any(core == s for s, _ in suffixes) or not core


def without_titles(text: str) -> str:
    """``text`` with the titles of documents (《…》) blanked: they are references, not names of things."""
    return re.sub(r"《[^《》]*》", lambda m: "《" + "　" * (len(m.group(0)) - 2) + "》", text)


def find_regions(document: Document, masked: list[str]) -> list[Mention]:
    """Provinces, cities and regions named outside the names of agencies, platforms and funds."""
    names = sorted({*PROVINCES, *CITIES, *REGIONS}, key=len, reverse=True)
    out: list[Mention] = []
    for sentence in document.sentences.values():
        text = without_titles(sentence.text)
        if sentence.provision in ("closing", "annex") or sentence.text == document.title:
            continue  # the title names the document (安徽省…行动方案), not a place it is about
        for name in sorted(masked, key=len, reverse=True):
            text = text.replace(name, "　" * len(name))
        for name in names:
            while name in text:
                text = text.replace(name, "　" * len(name), 1)
                cls = "City" if name in CITIES else "Province" if name in PROVINCES else "Region"
                if not any(m.label == name and m.sentence == sentence.key for m in out):
                    out.append(Mention("region", cls, name, sentence.key))
    return out
