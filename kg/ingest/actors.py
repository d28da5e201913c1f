"""Actor groups (fikg:ActorGroup): the kinds of actor an action addresses — 企业, 高校, 科研院所, 金融机构 ….

Looked for only in actions (not in goals or in the names of agencies): a noun phrase that ends in a head
word of the genre (ACTOR_HEADS), cut after the verb or preposition before it (“支持企业与高校共建…” → 企业,
高校; “鼓励顶尖科学家领衔…” → 顶尖科学家). A list of modifiers before one head (“政策性、开发性、商业性
金融机构”) gives one group per modifier, with the list as their wording. Names of platforms are skipped.
"""

from __future__ import annotations

import re

from kg.ingest.model import Action, Mention
from kg.ingest.segmentation import phrase_after_cuts, split_outside

ACTOR_HEADS = ("企业", "高校", "院所", "科研机构", "金融机构", "促进机构", "转移机构", "银行", "科学家", "专家",
               "智库单位", "有关部门")
DISTRIBUTED = re.compile(r"((?:[\u4e00-\u9fff]{1,3}[性期]、)+)([\u4e00-\u9fff]{1,3}[性期])"
                         rf"([\u4e00-\u9fff]{{0,6}}?(?:{'|'.join(ACTOR_HEADS)}))")
LONGEST = 12


def find_actor_groups(actions: list[Action], platforms: set[str]) -> list[Mention]:
    """Actor-group mentions in the wording of ``actions``."""
    out: list[Mention] = []
    for action in actions:
        out.extend(_distributed(action))  # first: these keep the list as their wording
        for segment in split_outside(action.wording, "，、和与及"):
            out.extend(_in_segment(segment, action, platforms))
    seen: set[tuple[str, str]] = set()
    unique = []
    for m in out:
        if (m.label, m.sentence) not in seen:
            seen.add((m.label, m.sentence))
            unique.append(m)
    return unique


def _in_segment(segment: str, action: Action, platforms: set[str]) -> list[Mention]:
    found = []
    for head in ACTOR_HEADS:
        for match in re.finditer(head, segment):
            end = match.end()
            if any(segment[:end].endswith(h) and len(h) > len(head) for h in ACTOR_HEADS):
                continue  # the longer head (科研机构 over 机构) speaks
            label = phrase_after_cuts(re.split(r"联合|带动|吸引|整合", segment[:end])[-1]).strip("“”")
            label = label.removeprefix("全省").removeprefix("全市")
            if 2 <= len(label) <= LONGEST and not any(label in p for p in platforms):
                found.append(Mention("actor", "ActorGroup", label, action.sentence))
    return found


def _distributed(action: Action) -> list[Mention]:
    """“政策性、开发性、商业性金融机构” → 政策性金融机构, 开发性金融机构, 商业性金融机构."""
    out = []
    for run in DISTRIBUTED.finditer(action.wording):
        head = run.group(3)
        modifiers = [m for m in run.group(1).split("、") if m] + [run.group(2)]
        modifiers[0] = phrase_after_cuts(action.wording[: run.start()] + modifiers[0])[-len(modifiers[1]):] \
            if len(modifiers[0]) > len(modifiers[1]) else modifiers[0]
        wording = "、".join(modifiers) + head
        for modifier in modifiers:
            out.append(Mention("actor", "ActorGroup", modifier + head, action.sentence, wording=wording))
    return out
