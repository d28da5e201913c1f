"""Normalise a policy text before anything reads it: punctuation, document numbers, line ends.

Texts copied from a web page carry half-width punctuation (``,`` ``:`` ``;`` ``(…)``) and square brackets
in document numbers (``常政发[2025]9号``); the rules downstream read the full-width forms of official
documents (，：；（…） 〔〕). A half-width mark is made full-width where it stands in Chinese text (a Chinese
character on either side; a bracket pair whose content holds one), never between digits or Latin words
(``3,000``, ``(SiC)`` stay). :func:`normalise` returns the text and what it changed, so the review can
warn that the input looks copied from the web and its sentence boundaries deserve a look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HAN = r"\u3400-\u9fff"
CHINESE = re.compile(f"[{HAN}\u3000-\u303f\uff01-\uff5e\u201c\u201d]")
FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
MARK = re.compile(r"[,:;?!]")
PAIR = re.compile(r"\(([^()]{0,80})\)")
NUMBER = re.compile(rf"([{HAN}]{{1,8}})\s*[\[【(（]\s*((?:19|20)\d\d)\s*[\]】)）]\s*(\d{{1,4}})\s*号")
WEB_MARKS = 5  # this many half-width marks in Chinese text: the text was copied from a web page


@dataclass(frozen=True)
class Normalised:
    """The text as the rules read it, and how many marks were changed."""

    text: str
    marks: int  # half-width punctuation marks made full-width
    numbers: int  # document numbers whose brackets were made 〔〕

    @property
    def looks_copied(self) -> bool:
        return self.marks >= WEB_MARKS


def normalise(text: str) -> Normalised:
    """Full-width punctuation in Chinese text, 〔〕 in document numbers, Unix line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, numbers = NUMBER.subn(r"\1〔\2〕\3号", text)
    count = 0

    def pair(match: re.Match) -> str:
        nonlocal count
        if not re.search(f"[{HAN}]", match.group(1)):
            return match.group(0)
        count += 1
        return f"（{match.group(1)}）"

    text = PAIR.sub(pair, text)
    out = []
    for i, char in enumerate(text):
        if char in FULL and _in_chinese(text, i):
            out.append(FULL[char])
            count += 1
        else:
            out.append(char)
    return Normalised("".join(out), count, numbers)


def _in_chinese(text: str, i: int) -> bool:
    """A mark with a Chinese character (or full-width mark) before or after it, on its line."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isdigit() and after.isdigit():
        return False  # 3,000 or 10:30
    return bool(CHINESE.match(before) or CHINESE.match(after))
