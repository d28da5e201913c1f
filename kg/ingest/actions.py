"""Actions and milestones: the clauses of the text that commit to something, and the goals set for a year.

- An action is a clause (split on ，；。 outside brackets) of a provision's body; the heading sentence and the
  responsibility clause are not actions. Clauses are joined where the genre spans a comma:
  a year alone (“到2030年，建设…”), a frame (“围绕X，支持…”, “以X为牵引，引导…”, “通过X等方式，推动…”)
  followed by a directive verb, a purpose frame “为…，…提供…” and a continuation “…，成为…”.
- In the preamble only the purpose sentence “为…，A，B，提出如下意见” commits to anything: A and B.
- A sentence that opens with a year (“到2025年，…”) outside any measure sets goals: each clause is a milestone
  of that year, except the quantitative targets (found by :mod:`kg.ingest.measures`).
"""

from __future__ import annotations

import re

from kg.ingest.model import Action, Milestone, Target
from kg.ingest.provisions import RESPONSIBILITY, Document, Sentence
from kg.ingest.segmentation import last_word_tag, split_outside

YEAR_ONLY = re.compile(r"^到(20\d\d)年$")
YEAR_OPENING = re.compile(r"^到(20\d\d)年，")
# Openings of a frame clause that sets the scope of the clause after it.
FRAME = re.compile(r"^(围绕|面向|瞄准|按照|通过|采取|对|充分依据|依托|针对|基于)")
SCOPE = re.compile(r"^(以.+为|在.+[下中]$)")
# Directive verbs that, opening the next clause, take a frame clause with them.
DIRECTIVES = ("支持", "引导", "推动", "加强", "探索", "加速", "加快", "进一步", "科学引导", "给予", "鼓励", "优化",
              "强化", "促进")
# Verbs that close a purpose frame “为…，…提供…”.
PURPOSE_ENDS = ("提供", "奠定", "作出", "打下")
FORMULA = re.compile(r"^(提出|制定)(如下|以下)(意见|措施)$")


def clauses(sentence: Sentence) -> list[str]:
    """The clauses of a sentence, joined where one clause spans a comma."""
    parts = [c.strip() for c in split_outside(sentence.text.rstrip("。；"), "，；。") if c.strip()]
    out: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part.startswith("为") and any(end in p for p in parts[i + 1:] for end in PURPOSE_ENDS):
            end = next(j for j in range(i + 1, len(parts)) if any(e in parts[j] for e in PURPOSE_ENDS))
            out.append("，".join(parts[i: end + 1]))
            i = end + 1
            continue
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if nxt is not None and (YEAR_ONLY.match(part) or _frames(part, nxt)):
            out.append(f"{part}，{nxt}")
            i += 2
            continue
        if part.startswith("成为") and out:
            out[-1] = f"{out[-1]}，{part}"
        else:
            out.append(part)
        i += 1
    return out


def _frames(part: str, nxt: str) -> bool:
    """Whether ``part`` frames ``nxt``: a scope (“以X为牵引”, “在X前提下”), or a frame verb whose object is a
    noun phrase (“面向X领域”, not “面向社会有序开放”), followed by a directive."""
    if not nxt.startswith(DIRECTIVES):
        return False
    return bool(SCOPE.match(part)) or (bool(FRAME.match(part)) and not last_word_tag(part).startswith("v"))


def _purpose_list(sentence: Sentence) -> list[str]:
    """In “为…，A，B，提出如下意见”: A and B."""
    parts = [c.strip() for c in split_outside(sentence.text.rstrip("。"), "，；") if c.strip()]
    if len(parts) >= 3 and parts[0].startswith("为") and FORMULA.match(parts[-1]):
        return parts[1:-1]
    return []


def find_actions(document: Document, measures: set[str]) -> tuple[list[Action], list[Milestone]]:
    """Actions of every provision, and milestones of the sentences that open with a year outside measures."""
    actions: list[Action] = []
    milestones: list[Milestone] = []
    counter: dict[str, int] = {}
    for prov in document.provisions.values():
        if prov.kind in ("Closing", "Annex"):
            continue  # signature, date, a task table: nothing there commits to anything
        for sentence in prov.sentences:
            if prov.kind == "Preamble":
                found = _purpose_list(sentence)
            elif _is_heading(sentence, prov.title) or RESPONSIBILITY.fullmatch(sentence.text):
                continue
            elif (year := YEAR_OPENING.match(sentence.text)) and prov.key not in measures:
                for clause in clauses(sentence)[1:] if YEAR_ONLY.match(clauses(sentence)[0]) else clauses(sentence):
                    clause = clause.removeprefix(f"到{year.group(1)}年，")
                    milestones.append(Milestone(prov.key, sentence.key, clause, int(year.group(1))))
                continue
            else:
                found = clauses(sentence)
            for clause in found:
                counter[prov.key] = counter.get(prov.key, 0) + 1
                actions.append(Action(prov.key, sentence.key, clause, counter[prov.key]))
    return actions, milestones


def drop_targets(milestones: list[Milestone], targets: list[Target]) -> list[Milestone]:
    """Milestones that are not quantitative targets (a target's wording lies within its clause)."""
    out = []
    for m in milestones:
        wordings = [t.wording.removeprefix(f"到{m.year}年，") for t in targets if t.sentence == m.sentence]
        if not any(w and (w in m.wording or m.wording in w) for w in wordings):
            out.append(m)
    return out


def _is_heading(sentence: Sentence, title: str | None) -> bool:
    return sentence.position == 1 and bool(title) and title in sentence.text and len(sentence.text) <= len(title) + 8
