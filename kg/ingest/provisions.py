"""Split a Chinese policy document into its provisions and sentences.

Provisions follow the numbering of government documents: parts ``一、``, sections ``（一）``,
items ``1.`` (also ``1．`` and ``1、``). Keys mirror the curated graph: ``"3"``, ``"3-3"``,
``"2-1-3"``, plus ``"preamble"`` (title, document number, addressees, introduction),
``"closing"`` (issuers, date, publication note) and ``"annex"`` (what follows a line ``附件`` after the
date, such as a 任务分工 table: one sentence a row). The text is normalised first
(:mod:`kg.ingest.normalisation`: full-width punctuation, 〔〕 in document numbers); then line breaks that
fall inside a sentence (page breaks, or the hard line breaks of a text copied from a web page) are
repaired, and every repair is recorded so the review can show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ingest.normalisation import Normalised, normalise

CN_DIGITS = "一二三四五六七八九十"
TERMINAL = "。；：！？”）)"  # a line ending in one of these closes a paragraph

PART = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
SECTION = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.+)$")
ITEM = re.compile(r"^(\d{1,2})\s*[.．、]\s*(.+)$")
DOC_NUMBER = re.compile(r"^[（(]?[^（()）]*〔\d{4}〕\d+号[)）]?$")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
NOTE = re.compile(r"^[（(]此件[^）)]*[）)]$")
ANNEX = re.compile(r"^附件\s*\d*$")
TABLE_ROW = re.compile(r"\t|[|｜]")
SIGNATURE_GAP = re.compile(r"[\s\u3000]{2,}|\u3000")
PAGE_NUMBER = re.compile(r"^[-—－–\s]*\d+[-—－–\s]*$")
RESPONSIBILITY = re.compile(r"（[^（）]*(?:（[^（）]*）[^（）]*)*(?:按职责分工)?负责）$")
HEADING_MAX = 30  # a heading ("（三）强化场景应用牵引。") is short


@dataclass
class Sentence:
    """One sentence of a provision, as written (page breaks repaired)."""

    key: str  # "3-3-s7"
    provision: str  # "3-3"
    position: int  # 1-based within its provision
    document_position: int  # 1-based within the document
    text: str
    paragraph: int = 0  # index of its paragraph within the provision: a goal paragraph's year carries across


@dataclass
class Provision:
    """A numbered part of the document (or its preamble or closing)."""

    key: str
    kind: str  # Preamble | Part | Section | Item | Closing
    number: str | None  # as written, normalised: "三(三)", "二(一)3"
    title: str | None
    position: int  # among its siblings
    parent: str | None  # provision key; None means the document
    paragraphs: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    children: list[str] = field(default_factory=list)

    def full_text(self, provisions: dict[str, Provision]) -> str:
        """Its own paragraphs, then those of its subdivisions."""
        return "\n".join([*self.paragraphs, *(provisions[c].full_text(provisions) for c in self.children)])


@dataclass
class Document:
    """The parsed document: metadata lines, provisions in order, and sentences by key."""

    title: str
    number: str | None
    addressees: str | None
    issuer: str | None
    date: str | None
    provisions: dict[str, Provision]
    sentences: dict[str, Sentence]
    repairs: list[str]  # page breaks joined, as "…前\\n\\n后…" snippets
    issuers: list[str] = field(default_factory=list)  # the signature lines' bodies, in order
    normalised: Normalised | None = None  # what normalisation changed

    @property
    def numbered(self) -> list[Provision]:
        """Parts, sections and items (no preamble or closing)."""
        return [p for p in self.provisions.values() if p.kind in ("Part", "Section", "Item")]


def cn_number(text: str) -> int:
    """一 → 1 … 十 → 10, 十一 → 11, 二十 → 20."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)
    return CN_DIGITS.index(text) + 1


def is_structural(line: str) -> bool:
    """A line that starts a provision, a metadata line or a table row; never the tail of a broken sentence."""
    return bool(PART.match(line) or SECTION.match(line) or ITEM.match(line) or DOC_NUMBER.match(line)
                or DATE.match(line) or NOTE.match(line) or ANNEX.match(line) or TABLE_ROW.search(line))


def repair_lines(text: str, *, copied: bool = False) -> tuple[list[str], list[str]]:
    """Non-empty lines with line breaks inside sentences joined; also the repairs made.

    A line is joined to the next when it does not end a paragraph (no closing punctuation, or an
    unclosed bracket), is not a heading alone or a metadata line, and the next line does not start a
    provision. A text copied from the web (``copied``) also has short wrapped lines joined.
    """
    raw = [ln.strip() for ln in text.replace("\r", "\n").replace("\f", "\n").split("\n")]
    lines = [ln for ln in raw if ln and not PAGE_NUMBER.match(ln)]
    out: list[str] = []
    repairs: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line, first=len(out) == 1, copied=copied):
            repairs.append(f"{out[-1][-6:]}⏎{line[:6]}")
            out[-1] += line
        else:
            out.append(line)
    return out, repairs


def _continues(previous: str, line: str, *, first: bool, copied: bool) -> bool:
    if is_structural(line) or TABLE_ROW.search(previous):
        return False
    if previous.count("（") + previous.count("(") > previous.count("）") + previous.count(")"):
        return True  # inside brackets: （责任单位：⏎市工信局）
    if previous.endswith(tuple(TERMINAL)) or _heading_alone(previous) or _metadata(previous):
        return False
    if line.startswith(("（", "(")) and not first:
        return False  # a parenthesised note of its own
    if copied:
        return True
    return not (len(previous) <= 20 and not first and not re.search(r"[，、]", previous))


def _heading_alone(line: str) -> bool:
    """A numbered heading with nothing after it (一、总体要求); not （一）氢能。推进… cut by a line break."""
    match = PART.match(line) or SECTION.match(line) or ITEM.match(line)
    return bool(match) and "。" not in match.group(2)[:-1] and len(match.group(2)) <= HEADING_MAX


def _metadata(line: str) -> bool:
    return bool(DOC_NUMBER.match(line) or DATE.match(line) or NOTE.match(line) or ANNEX.match(line))


def split_sentences(paragraph: str) -> list[str]:
    """Split after 。; a trailing （…负责） responsibility clause is a sentence of its own."""
    tail = None
    match = RESPONSIBILITY.search(paragraph)
    if match and match.start() > 0:
        tail, paragraph = match.group(0), paragraph[: match.start()]
    elif match:
        return [paragraph]
    pieces = [p.strip() for p in re.findall(r"[^。]+。?", paragraph) if p.strip()]
    return pieces + ([tail] if tail else [])


def split_document(text: str) -> Document:
    """Parse the text into a :class:`Document`. Never raises on odd structure; it finds less."""
    normalised = normalise(text)
    lines, repairs = repair_lines(normalised.text, copied=normalised.looks_copied)
    head, body, tail, annex = _frame(lines)
    provisions: dict[str, Provision] = {}
    preamble = Provision("preamble", "Preamble", None, None, 1, None, paragraphs=list(head))
    provisions["preamble"] = preamble
    current, part, section = preamble, None, None
    parts = 0
    for line in body:
        if (m := PART.match(line)) and len(m.group(2)) <= HEADING_MAX:
            parts += 1
            key = str(cn_number(m.group(1)))
            current = part = Provision(key, "Part", m.group(1), _heading(m.group(2)) or m.group(2).rstrip("。"),
                                       parts + 1, None, [line])
            section = None
        elif m := SECTION.match(line):
            idx = cn_number(m.group(1))
            key = f"{part.key}-{idx}" if part else f"0-{idx}"
            number = f"{part.number if part else ''}({m.group(1)})"
            title = _heading(m.group(2))
            current = section = Provision(key, "Section", number, title, idx, part.key if part else None, [line])
        elif (m := ITEM.match(line)) and (section or part):
            parent = section or part
            idx = int(m.group(1))
            current = Provision(f"{parent.key}-{idx}", "Item", f"{parent.number}{idx}", _heading(m.group(2)),
                                idx, parent.key, [line])
        else:
            current.paragraphs.append(line)
            continue
        if current.key in provisions:  # a repeated number: keep both, the second with a suffix
            current.key = f"{current.key}b"
        provisions[current.key] = current
        if current.parent:
            provisions[current.parent].children.append(current.key)
    closing = Provision("closing", "Closing", None, None, parts + 2, None, paragraphs=list(tail))
    if tail:
        provisions["closing"] = closing
    if annex:
        title = annex[1] if len(annex) > 1 and not TABLE_ROW.search(annex[1]) else None
        provisions["annex"] = Provision("annex", "Annex", "附件", title, parts + 2 + bool(tail), None,
                                        paragraphs=list(annex))
    if not preamble.paragraphs:
        del provisions["preamble"]
    sentences = _sentences(provisions, len(head))
    meta = {"title": head[0] if head else "", "number": None, "addressees": None}
    for line in head[1:3]:
        if DOC_NUMBER.match(line):
            meta["number"] = line.strip("()（）")
        elif line.endswith("："):
            meta["addressees"] = line
    signatures = [ln for ln in tail if not DATE.match(ln) and not NOTE.match(ln) and not ln.startswith("附件")]
    issuers = [name for ln in signatures for name in SIGNATURE_GAP.split(ln) if name]
    date = next((ln for ln in tail if DATE.match(ln)), None)
    return Document(meta["title"], meta["number"], meta["addressees"], issuers[0] if issuers else None, date,
                    provisions, sentences, repairs, issuers, normalised)


def _heading(text: str) -> str | None:
    """The title of a section or item: its first sentence when short, without the full stop."""
    first = text.split("。", 1)[0]
    return first if len(first) <= HEADING_MAX else None


def _frame(lines: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """Split lines into head (title, number, addressees), body, tail (issuers, date, note) and annex."""
    head: list[str] = []
    for i, line in enumerate(lines[:4]):
        if DOC_NUMBER.match(line) or line.endswith("：") or (i == 0 and not is_structural(line)
                                                              and not line.endswith("。")):
            head = lines[: i + 1]
    dated = [i for i, line in enumerate(lines) if DATE.match(line)]
    end = next((i for i, line in enumerate(lines) if ANNEX.match(line) and dated and i > dated[0]), len(lines))
    annex = lines[end:]
    tail_start = end
    for i in range(end - 1, max(len(head), end - 8) - 1, -1):
        line = lines[i]
        if DATE.match(line) or NOTE.match(line) or (len(line) <= 30 and not re.search(r"[。，；]", line)
                                                    and tail_start == i + 1 and not is_structural(line)
                                                    and i + 1 < end and _signature_run(lines, i, end)):
            tail_start = i
        else:
            break
    return head, lines[len(head):tail_start], lines[tail_start:end], annex


def _signature_run(lines: list[str], i: int, end: int) -> bool:
    """Whether the short lines from ``i`` on lead to the date: a signature, not the tail of the body."""
    return any(DATE.match(line) for line in lines[i + 1:end])


def _sentences(provisions: dict[str, Provision], head_lines: int) -> dict[str, Sentence]:
    out: dict[str, Sentence] = {}
    n = 0
    for prov in provisions.values():
        texts: list[tuple[int, str]] = []
        for i, para in enumerate(prov.paragraphs):
            if prov.kind in ("Closing", "Annex") or (prov.kind == "Preamble" and i < head_lines):
                texts.append((i, para))
            elif i == 0 and prov.kind in ("Part", "Section", "Item") and prov.title:
                heading, _, rest = para.partition(prov.title)
                stop = "。" if rest.startswith("。") else ""
                texts.append((i, heading + prov.title + stop))
                texts.extend((i, t) for t in (split_sentences(rest[len(stop):]) if rest[len(stop):].strip() else []))
            else:
                texts.extend((i, t) for t in split_sentences(para))
        for pos, (paragraph, text) in enumerate(texts, start=1):
            n += 1
            sentence = Sentence(f"{prov.key}-s{pos}", prov.key, pos, n, text, paragraph)
            prov.sentences.append(sentence)
            out[sentence.key] = sentence
    return out
