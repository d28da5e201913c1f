"""Parse the seed text of 苏政发〔2023〕104号 into provisions and sentences.

Deterministic: the same seed file always gives the same provisions, sentences and
positions. Page breaks inside words are repaired here, and only here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_f231d5761afd8f34.txt"
if not SEED.exists():  # when run from a checkout elsewhere
    SEED = Path("/work/shared/seed/000_f231d5761afd8f34.txt")

DOC = "jiangsu-2023-104"

# Page breaks that split a word or a line of the title; each must occur exactly once.
PAGE_BREAKS = {
    "省政府关于加快培育发展\n\n未来产业的指导意见": "省政府关于加快培育发展未来产业的指导意见",
    "重大突破，培\n\n育一批": "重大突破，培育一批",
    "促进风险投\n\n资、股权投资": "促进风险投资、股权投资",
    "协同联\n\n动，制定": "协同联动，制定",
}

CN_NUM = "一二三四五六七八九十"


@dataclass
class Sentence:
    key: str  # e.g. "3-1-s2"
    provision: str  # provision key, e.g. "3-1"
    position: int
    text: str


@dataclass
class Provision:
    key: str  # "preamble", "1", "1-2", "2-1-3", "closing"
    kind: str  # Preamble | Part | Section | Item | Closing
    number: str | None  # normalised number as written: "三(三)", "二(一)3"
    title: str | None
    position: int  # among siblings
    parent: str | None  # provision key, None = the document
    paragraphs: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


def read_seed() -> str:
    text = SEED.read_text(encoding="utf-8")
    for broken, fixed in PAGE_BREAKS.items():
        if text.count(broken) != 1:
            raise ValueError(f"page break not found exactly once: {broken!r}")
        text = text.replace(broken, fixed)
    return text


def split_sentences(paragraph: str) -> list[str]:
    """Split after 。; a trailing （…负责） responsibility clause is its own sentence."""
    out: list[str] = []
    tail = None
    m = re.search(r"（[^（]*按职责分工负责）$", paragraph)
    if m:
        tail = m.group(0)
        paragraph = paragraph[: m.start()]
    for piece in re.findall(r"[^。]+。|[^。]+$", paragraph):
        if piece.strip():
            out.append(piece.strip())
    if tail:
        out.append(tail)
    return out


def parse() -> tuple[dict[str, Provision], dict[str, Sentence], dict[str, str]]:
    """Return provisions, sentences (by key) and document metadata lines."""
    lines = [ln.strip() for ln in read_seed().split("\n") if ln.strip()]
    meta = {
        "title": lines[0],
        "number_line": lines[1],
        "addressees": lines[2],
        "issuer": lines[-3],
        "date": lines[-2],
        "status": lines[-1],
    }
    body = lines[3:-3]
    provs: dict[str, Provision] = {}
    pre = Provision("preamble", "Preamble", None, None, 1, None)
    pre.paragraphs = [lines[0], lines[1], lines[2]]
    provs["preamble"] = pre
    current = pre
    part = section = None
    n_part = 0
    for ln in body:
        if m := re.match(r"^([一二三四五六七八九十])、(.+)$", ln):
            n_part += 1
            part = str(CN_NUM.index(m.group(1)) + 1)
            current = Provision(part, "Part", m.group(1), m.group(2), n_part + 1, None)
            current.paragraphs.append(ln)
            provs[part] = current
            section = None
        elif m := re.match(r"^（([一二三四五六七八九十])）(.+?)。$", ln):
            assert part is not None
            idx = CN_NUM.index(m.group(1)) + 1
            section = f"{part}-{idx}"
            number = f"{provs[part].number}({m.group(1)})"
            current = Provision(section, "Section", number, m.group(2), idx, part)
            current.paragraphs.append(ln)
            provs[section] = current
            provs[part].children.append(section)
        elif m := re.match(r"^(\d+)\. (.+?)。(.+)$", ln):
            assert section is not None
            idx = int(m.group(1))
            key = f"{section}-{idx}"
            number = f"{provs[section].number}{idx}"
            current = Provision(key, "Item", number, m.group(2), idx, section)
            current.paragraphs.append(ln)
            provs[key] = current
            provs[section].children.append(key)
        else:
            current.paragraphs.append(ln)
    closing = Provision("closing", "Closing", None, None, n_part + 2, None)
    closing.paragraphs = [meta["issuer"], meta["date"], meta["status"]]
    provs["closing"] = closing

    sentences: dict[str, Sentence] = {}
    for prov in provs.values():
        texts: list[str] = []
        for i, para in enumerate(prov.paragraphs):
            if prov.kind in ("Preamble", "Closing") and (prov.kind == "Closing" or i < 3):
                texts.append(para)  # title, number, addressees, signature lines
            elif i == 0 and prov.kind in ("Part", "Section"):
                texts.append(para)  # the heading
            elif i == 0 and prov.kind == "Item":
                m = re.match(r"^(\d+\. .+?。)(.+)$", para)
                assert m
                texts.append(m.group(1))
                texts.extend(split_sentences(m.group(2)))
            else:
                texts.extend(split_sentences(para))
        for pos, text in enumerate(texts, start=1):
            key = f"{prov.key}-s{pos}"
            sent = Sentence(key, prov.key, pos, text)
            prov.sentences.append(sent)
            sentences[key] = sent
    return provs, sentences, meta


def full_text(provs: dict[str, Provision], key: str) -> str:
    """The provision's full text as written: its own paragraphs, then its subdivisions'."""
    prov = provs[key]
    parts = list(prov.paragraphs)
    for child in prov.children:
        parts.append(full_text(provs, child))
    return "\n".join(parts)


if __name__ == "__main__":
    p, s, meta = parse()
    print(meta)
    for prov in p.values():
        print(prov.key, prov.kind, prov.number, prov.title, prov.position, prov.parent)
        for sent in prov.sentences:
            print("   ", sent.key, sent.text[:60])
