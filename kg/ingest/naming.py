# ruff: noqa: E501  (the glossary reads better as long lines)
"""English labels and readable ASCII slugs for new entities.

A new name is read left to right, taking at each place the longest name the project already holds in
English (an entity's zh label or alias with its one @en label: 苏州 → "Suzhou"), else the longest glossary
word, else jieba's word in pinyin. A label built from at least one known name and glossary words, with no
pinyin, is composed ("苏州实验室" → "Suzhou Laboratory"); any other is a *draft* that the review lists for
the reviewer to write. Nothing is translated that neither the project nor the glossary knows. The slugs only
need to be readable, stable and unique.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.lexicon import PLATFORM_SUFFIXES, PROGRAMME_SUFFIXES, TECH_SUFFIXES
from kg.ingest.segmentation import tokens

LEVELS = {"", "国家", "国家级", "省", "省级"}
SUFFIXES = {suffix for suffix, _cls in (*PLATFORM_SUFFIXES, *PROGRAMME_SUFFIXES, *TECH_SUFFIXES)} | {"产业"}

GLOSSARY: dict[str, str] = {
    "省": "provincial", "省级": "provincial", "国家": "national", "国家级": "national", "市": "city", "各": "all",
    "相关": "relevant", "有关": "relevant", "人民政府": "people's government", "政府": "government",
    "设区市": "cities divided into districts", "厅": "department", "局": "bureau", "委": "commission", "办": "office",
    "科技": "science and technology", "科技厅": "department of science and technology", "发展改革委": "development and reform commission",
    "工业和信息化厅": "department of industry and information technology", "财政厅": "department of finance",
    "教育厅": "department of education", "商务厅": "department of commerce", "统计局": "bureau of statistics",
    "知识产权局": "intellectual property office", "市场监管局": "administration for market regulation",
    "税务局": "tax service", "能源局": "energy administration", "国资委": "state-owned assets commission",
    "领导小组": "leading group", "成员单位": "member units", "委员会": "committee", "办公室": "office",
    "未来": "future", "产业": "industry", "未来产业": "future industry", "技术": "technology", "关键": "key",
    "材料": "materials", "新材料": "new materials", "器件": "devices", "装备": "equipment", "设备": "equipment",
    "电池": "batteries", "系统": "systems", "平台": "platform", "中心": "centre", "创新": "innovation",
    "实验室": "laboratory", "研究院": "research institute", "学院": "college", "科技园": "science park",
    "先导区": "pilot zone", "试验": "test", "设施": "facility", "基金": "fund", "计划": "programme", "工程": "project",
    "人才": "talents", "团队": "teams", "领军": "leading", "项目": "projects", "场景": "scenarios", "应用": "application",
    "开放": "open", "企业": "enterprises", "高校": "universities", "研发": "research and development", "机构": "institutions",
    "智能": "intelligence", "人工智能": "artificial intelligence", "网络": "network", "通信": "communication",
    "能源": "energy", "储能": "energy storage", "氢": "hydrogen", "氢能": "hydrogen energy", "碳": "carbon",
    "半导体": "semiconductors", "第三代": "third-generation", "基因": "gene", "细胞": "cell", "生物": "biology",
    "合成": "synthetic", "量子": "quantum", "机器人": "robots", "核能": "nuclear energy", "先进": "advanced",
    "新型": "new-type", "新一代": "next-generation", "高性能": "high-performance", "前沿": "frontier",
    "数据": "data", "数字": "digital", "经济": "economy", "制造": "manufacturing", "制造业": "manufacturing",
    "服务": "service", "服务业": "service industry", "农业": "agriculture", "食品": "food", "医药": "pharmaceuticals",
    "治疗": "therapy", "检测": "testing", "监测": "monitoring", "安全": "security", "显示": "display",
    "江苏": "Jiangsu", "南京": "Nanjing", "苏州": "Suzhou", "无锡": "Wuxi", "常州": "Changzhou", "南通": "Nantong",
    "徐州": "Xuzhou", "扬州": "Yangzhou", "镇江": "Zhenjiang", "泰州": "Taizhou", "盐城": "Yancheng", "淮安": "Huai'an",
    "连云港": "Lianyungang", "宿迁": "Suqian", "长三角": "Yangtze River Delta", "京津冀": "Beijing-Tianjin-Hebei",
    "粤港澳": "Guangdong-Hong Kong-Macao", "沿海": "coastal", "和": "and", "及": "and", "与": "and", "的": "",
    "、": ", ", "（": " (", "）": ")", "示范": "demonstration", "验证": "verification", "概念": "concept",
    "中试": "pilot-scale", "集群": "cluster", "母基金": "fund of funds", "天使": "angel", "专项资金": "special funds",
}


def draft_english(label: str) -> str:
    """A word-by-word English draft of a Chinese label (glossary words translated, others in pinyin)."""
    return english_label(label, {})[0]


def english_label(label: str, known: Mapping[str, str], *, proper: bool = False) -> tuple[str, bool]:
    """The English label of ``label`` from known names, the glossary and pinyin; and whether it is a draft.

    ``known`` maps zh names the project holds to their English label (``label`` itself is never looked
    up: a name is composed from its parts). ``proper``: the label names an institution or programme, so
    a proper-name head (a capitalised known name) makes the glossary words after it title case.
    """
    pieces = _pieces(label, known)
    head_is_name = bool(pieces) and pieces[0][1] == "known" and pieces[0][0][:1].isupper()
    words = [w.title() if proper and head_is_name and how == "glossary" and w.islower() else w
             for w, how, _zh in pieces]
    text = " ".join(w for w in words if w)
    text = re.sub(r"\s+([,)])", r"\1", re.sub(r"\(\s+", "(", text))
    return re.sub(r"\s+", " ", text).strip(), not _composed(label, pieces)


def _composed(label: str, pieces: list[tuple[str, str, str]]) -> bool:
    """Known names, with at most a level before (国家, 省级) and a suffix of the genre after (…实验室, …基金)."""
    known = [i for i, (_w, how, _zh) in enumerate(pieces) if how == "known"]
    if not known or any(how == "pinyin" for _w, how, _zh in pieces):
        return False
    before = "".join(zh for _w, _h, zh in pieces[: known[0]])
    between = "".join(zh for _w, how, zh in pieces[known[0]: known[-1] + 1] if how != "known")
    after = "".join(zh for _w, _h, zh in pieces[known[-1] + 1:])
    return before in LEVELS and all(c in "、和及与" for c in between) and (not after or after in SUFFIXES)


def _pieces(label: str, known: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(English, source, zh) for each part of ``label``; source is known | glossary | ascii | pinyin."""
    starts: dict[int, str] = {}
    position = 0
    for token in tokens(label):
        starts[position] = token
        position += len(token)
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(label):
        best = ("", "", "")
        for j in range(len(label), i + 1, -1):  # longest first, two characters or more
            word = label[i:j]
            usable = word in known and "(" not in known[word] and word not in SUFFIXES  # no glosses, no suffixes
            if word != label and usable and len(word) > len(best[0]):
                best = (word, known[word], "known")
                break
            if word in GLOSSARY and len(word) > len(best[0]):
                best = (word, GLOSSARY[word], "glossary")
        token = starts.get(i, label[i])
        if not best[0] and token in GLOSSARY:  # one-character glossary words only as whole jieba words
            best = (token, GLOSSARY[token], "glossary")
        if best[0]:
            out.append((best[1], best[2], best[0]))
            i += len(best[0])
            continue
        if re.fullmatch(r"[\x00-\x7f]+", token):
            out.append((token.strip(), "ascii", token))
        else:
            out.append((_pinyin(token), "pinyin", token))
        i += len(token)
    return out


def slugify(text: str) -> str:
    """ASCII kebab-case: lower-case letters and digits separated by single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-") or "entity"


def _pinyin(token: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(token))
