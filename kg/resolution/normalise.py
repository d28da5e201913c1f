"""The text forms names are compared in: a normal form, English words, Chinese segments and character bigrams.

People write a name in many ways: full-width or half-width (ＳｉＣ, 三（三）), with or without spaces
and hyphens (CAR-T, CAR T), in any case, with the particles 的/与/及/和 or without them, English
plurals (batteries), subscripts (Ga₂O₃). :func:`normal_form` maps all of these to one string
(NFKC, case-folded, plurals made singular, spaces, hyphens, list punctuation and particles dropped).
:func:`english_words` and :func:`segments` give the words inside a name (jieba for Chinese, the
bundled dictionary only), and :func:`bigrams` with :func:`similarity` the character-bigram Dice
coefficient the last match tier ranks by. Pure functions, no I/O besides jieba's dictionary load.
The words, segments and bigrams they return are interned (:func:`sys.intern`): a graph's names hold a
few hundred distinct bigrams a million times over, and the label index keeps one string of each
(issue 20 item 3: 1M triples, ~75 MiB less in the API process).
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import unicodedata
from functools import lru_cache

import jieba

_DROPPED = str.maketrans("", "", " \t\u3000-‐‑‒–—―_,，、·・/'’的与及和")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*")  # no nested quantifiers: linear on any input
_WORD = re.compile(r"[a-z0-9]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
STOP_WORDS = frozenset({"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "with"})
_JIEBA_LOCK = threading.Lock()

jieba.setLogLevel(logging.WARNING)


def singular(word: str) -> str:
    """An English word without its plural ending (technologies → technology, batteries → battery)."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def folded(text: str) -> str:
    """NFKC (full-width to half-width, Ga₂O₃ to Ga2O3) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def normal_form(text: str) -> str:
    """The form two ways of writing one name share (see the module docstring)."""
    return _LATIN_WORD.sub(lambda m: singular(m.group()), folded(text)).translate(_DROPPED)


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return _HAN.search(text) is not None


def english_words(text: str) -> frozenset[str]:
    """The English words (and numbers) of ``text``, singular, without stop words."""
    return frozenset(sys.intern(singular(w)) for w in _WORD.findall(folded(text))) - STOP_WORDS


@lru_cache(maxsize=4096)
def segments(text: str, *, search: bool = False) -> frozenset[str]:
    """jieba's words of the normal form; ``search`` adds the shorter words inside long ones (for names)."""
    form = normal_form(text)
    with _JIEBA_LOCK:  # jieba loads its dictionary lazily, once, and is not safe to initialise twice at once
        cut = jieba.lcut_for_search(form) if search else jieba.lcut(form)
    return frozenset(sys.intern(t) for t in cut if t.strip())


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of the normal form (its characters, for a one-character form)."""
    form = normal_form(text)
    return frozenset(sys.intern(form[i:i + 2]) for i in range(len(form) - 1)) or frozenset(form)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The Dice coefficient of two bigram sets: 1 for equal sets, 0 for disjoint ones."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
