"""What a document says about itself and about other documents: its type, date, issuers and addressees
(from the head and the signature lines), and its references to other documents.

- Type: the genre its title ends with (实施意见, 指导意见, 意见, 行动方案, 通知, …), a trailing period
  “（2025—2027年）” aside.
- Issuers: the signature lines before the date (several bodies on a line are split at wide spaces); when
  there is no signature, the bodies the title names before 关于 (“工业和信息化部等六部门关于…” names one).
- Addressees (主送): the line of the head that ends with a colon, split at top-level commas.
- References: a title in 《…》, with or without its document number in brackets, or a document number
  alone (国发〔2024〕21号). The verb before it in its clause gives the relation: 贯彻落实 / 落实 →
  ``implements``, 根据 / 依据 / 按照 / 遵照 → ``based_on``, anything else → ``cites``.
"""

from __future__ import annotations

import re

from kg.ingest.model import Metadata, Reference
from kg.ingest.provisions import DATE, Document
from kg.ingest.segmentation import split_outside

TYPES = [("实施意见", "implementation-opinions"), ("指导意见", "guiding-opinions"), ("意见", "opinions"),
         ("行动方案", "action-plan"), ("行动计划", "action-plan"), ("实施方案", "action-plan"),
         ("通知", "notice")]
NUMBER = r"[\u4e00-\u9fff]{1,10}〔\d{4}〕\d{1,4}号"
TITLED = re.compile(rf"《(?P<title>[^《》]{{2,80}})》(?:[（(](?P<number>{NUMBER})[）)])?")
BARE = re.compile(rf"(?P<number>{NUMBER})")
IMPLEMENTS = ("贯彻落实", "落实", "贯彻", "实施")
BASED_ON = ("根据", "依据", "按照", "遵照", "依照")
CLAUSE_START = re.compile(r"[，；。：]")


def find_metadata(document: Document) -> Metadata:
    """Type, date, issuers, addressees and references of ``document``."""
    meta = Metadata(type=document_type(document.title), date=iso_date(document.date or ""))
    closing = document.provisions.get("closing")
    if closing:
        for sentence in closing.sentences:
            if not DATE.match(sentence.text) and not sentence.text.startswith(("附件", "（此件", "(此件")):
                meta.issuers += [(name, sentence.key) for name in document.issuers if name in sentence.text]
    if not meta.issuers and (issuer := re.match(r"^(.{2,30}?)(?:等[\d一二三四五六七八九十]+个?部门)?关于",
                                                document.title)):
        meta.issuers = [(name, _head_sentence(document, 0)) for name in split_outside(issuer.group(1), "、")]
    if document.addressees:
        sentence = next((s.key for s in document.sentences.values() if s.text == document.addressees), None)
        names = split_outside(document.addressees.rstrip("：:"), "，,")
        meta.addressees = [(name.strip(), sentence) for name in names if name.strip() and sentence]
    meta.references = find_references(document)
    return meta


def _head_sentence(document: Document, index: int) -> str:
    preamble = document.provisions.get("preamble")
    return preamble.sentences[index].key if preamble and len(preamble.sentences) > index else ""


def document_type(title: str) -> str | None:
    """The slug of the genre a title names, or None."""
    title = re.sub(r"[（(][^（）()]*[）)]$", "", title.strip())
    return next((slug for word, slug in TYPES if title.endswith(word)), None)


def iso_date(text: str) -> str | None:
    """2025年4月18日 → 2025-04-18."""
    match = re.match(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", text)
    return f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}" if match else None


def find_references(document: Document) -> list[Reference]:
    """References to other documents, in text order, each with the relation its verb gives."""
    own = {document.title, document.number}
    head = {s.key for s in document.provisions["preamble"].sentences[:3]} if "preamble" in document.provisions \
        else set()
    out: list[Reference] = []
    for sentence in document.sentences.values():
        if sentence.key in head or sentence.provision == "closing":
            continue
        taken: list[tuple[int, int]] = []
        for match in TITLED.finditer(sentence.text):
            taken.append(match.span())
            if match.group("title") not in own:
                out.append(Reference(_relation(sentence.text, match.start()), match.group("title"),
                                     match.group("number"), sentence.key))
        for match in BARE.finditer(sentence.text):
            number = _issuer_code(match.group("number"))
            start = match.end() - len(number)
            if any(begin <= start < end for begin, end in taken) or number in own:
                continue
            out.append(Reference(_relation(sentence.text, start), None, number, sentence.key))
    return out


def _issuer_code(number: str) -> str:
    """A document number less the verb the pattern took with it: 根据国发〔2024〕21号 → 国发〔2024〕21号."""
    for word in sorted((*IMPLEMENTS, *BASED_ON, "参照", "执行", "印发", "转发"), key=len, reverse=True):
        if word in number.split("〔", 1)[0]:
            number = number[number.index(word) + len(word):]
    return number


def _relation(text: str, start: int) -> str:
    """The relation the words before ``start`` in its clause give: implements, based_on or cites."""
    clause_start = max((m.end() for m in CLAUSE_START.finditer(text, 0, start)), default=0)
    before = text[clause_start:start]
    if any(word in before for word in IMPLEMENTS):
        return "implements"
    if any(word in before for word in BASED_ON):
        return "based_on"
    return "cites"
