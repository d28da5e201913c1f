"""Chinese word segmentation (jieba) for the few places where characters alone are not enough:
finding where a noun phrase starts after the verbs that open a clause, and where it ends.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from kg.ingest.lexicon import CUTS, LEADING, TRAILING

OPEN, CLOSE = "（(“《", "）)”》"
NOUN_ENDS = ("技术", "材料", "器件", "产品", "装备", "系统", "平台", "中心")


@cache
def _jieba():  # imported once, quietly (jieba logs its dictionary loading)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in ("按职责分工负责", "先导区", "概念验证", "中试验证", "设区市"):
        jieba.add_word(word)
    return jieba


def tokens(text: str) -> list[str]:
    """jieba's segmentation (precise mode, deterministic)."""
    return [t for t in _jieba().lcut(text, HMM=False) if t]


def last_word_tag(text: str) -> str:
    """jieba's part-of-speech tag of the last word of ``text`` ("v" verb, "n" noun, …)."""
    import jieba.posseg

    _jieba()
    words = jieba.posseg.lcut(text, HMM=False)
    return words[-1].flag if words else ""


def _is_cut(token: str) -> bool:
    """A token that cannot be inside a name: an opening verb, a preposition, a number, 的 or 等."""
    if token in LEADING or token in CUTS or re.fullmatch(r"\d+(\.\d+)?", token):
        return True
    return _made_of(token, LEADING)


def _made_of(token: str, words: set[str]) -> bool:
    """Whether ``token`` is a concatenation of ``words`` ("大力发展" = 大力 + 发展)."""
    if not token:
        return True
    return any(token.startswith(w) and _made_of(token[len(w):], words) for w in words if len(w) <= len(token))


def phrase_after_cuts(text: str) -> str:
    """The noun phrase at the end of ``text``: what follows its last opening verb, preposition or 的."""
    parts = tokens(text)
    depth = 0
    start = 0
    for i, token in enumerate(parts):
        depth += sum(token.count(c) for c in OPEN) - sum(token.count(c) for c in CLOSE)
        if depth <= 0 and _is_cut(token):
            start = i + 1
    return "".join(parts[start:]).strip()


def strip_leading(text: str) -> str:
    """``text`` without the verbs and adverbs that open it ("加快培育第三代半导体" → "第三代半导体")."""
    parts = tokens(text)
    i = 0
    while i < len(parts) - 1 and _is_cut(parts[i]):
        i += 1
    return "".join(parts[i:]).strip()


def strip_trailing(text: str) -> str:
    """``text`` without the words that close a clause ("溶瘤病毒产品研发" → "溶瘤病毒产品")."""
    changed = True
    while changed:
        changed = False
        for word in TRAILING:
            cut = len(text) - len(word)
            if text.endswith(word) and cut > 1 and (_ends_at_token(text, cut) or text[:cut].endswith(NOUN_ENDS)):
                text = text[: -len(word)]
                changed = True
                break
    return text.strip()


def _ends_at_token(text: str, index: int) -> bool:
    """Whether a jieba token boundary falls at ``index``."""
    position = 0
    for token in tokens(text):
        if position == index:
            return True
        position += len(token)
    return position == index


def split_outside(text: str, separators: str) -> list[str]:
    """Split on any of ``separators``, except inside brackets or quotes."""
    out, depth, current = [], 0, []
    for char in text:
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth = max(0, depth - 1)
        if char in separators and depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(char)
    out.append("".join(current))
    return [part for part in out if part.strip()]
