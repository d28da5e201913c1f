"""HTTP content negotiation: a pure function from an Accept header to one of the offered types
(:func:`negotiate`), and the one 406 answer every route gives when none is acceptable (:func:`choose`)."""

from __future__ import annotations

from fastapi import HTTPException


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header; malformed q counts as 0."""
    if not header or not header.strip():
        return [("*/*", 1.0, 0)]
    entries = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        entries.append((media, q, position))
    return entries


def _specificity(media_range: str, offered: str) -> int:
    if media_range == offered:
        return 3
    kind, _, _ = offered.partition("/")
    if media_range == f"{kind}/*":
        return 2
    if media_range == "*/*":
        return 1
    return 0


def negotiate(header: str | None, offered: list[str]) -> str | None:
    """The offered type the client prefers most (q, then specificity, then order), or None."""
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    choice = None
    for index, media in enumerate(offered):
        matches = [(s, q, pos) for r, q, pos in ranges if (s := _specificity(r, media))]
        if not matches:
            continue
        specificity, q, position = max(matches, key=lambda m: m[0])  # the most specific range decides q
        if q <= 0:
            continue
        score = (q, -position if specificity == 3 else -99, -index)
        if best is None or score > best:
            best, choice = score, media
    return choice


def choose(header: str | None, offered: list[str]) -> str:
    """The offered type the client prefers most; HTTP 406 listing the offered types when none is acceptable."""
    chosen = negotiate(header, offered)
    if chosen is None:
        raise not_acceptable(offered)
    return chosen


def not_acceptable(offered: list[str], what: str = "acceptable") -> HTTPException:
    """The 406 answer: what is offered, and ``Vary: Accept`` (the answer depends on that header)."""
    return HTTPException(406, f"{what}: {', '.join(offered)}", headers={"Vary": "Accept"})
