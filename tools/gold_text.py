"""The plain text forms `tools/check_gold.py` compares names in: a normal form, words, tokens and bigrams.

A reference for checking the gold sets, kept deliberately simple, not the resolver: the normal form is
NFKC (full-width to half-width), case-folded, English plurals made singular, without spaces, hyphens,
list punctuation and the particles 的 与 及 和 — the variants issue 16 asks every entry point to accept.
"""

from __future__ import annotations

import re
import unicodedata

import jieba

_DROPPED = str.maketrans("", "", " \t\u3000-‐‑‒–—―_,，、·・/'’的与及和")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*")
_STOP_WORDS = {"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "with"}


def singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _LATIN_WORD.sub(lambda m: singular(m.group()), folded).translate(_DROPPED)


def english_words(text: str) -> set[str]:
    """The English words of ``text``, singular, without stop words."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return {singular(w) for w in re.findall(r"[a-z0-9]+", folded)} - _STOP_WORDS


def tokens(text: str, *, search: bool = False) -> set[str]:
    """jieba's words of the normal form; ``search`` adds the shorter words inside long ones."""
    form = normalise(text)
    cut = jieba.lcut_for_search(form) if search else jieba.lcut(form)
    return {t for t in cut if t.strip()}


def bigram_similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of the two normal forms (unigrams for one character)."""
    def grams(text: str) -> set[str]:
        form = normalise(text)
        return {form[i:i + 2] for i in range(len(form) - 1)} or set(form)

    x, y = grams(a), grams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0
