"""Ingest a Chinese policy document into a draft graph for review (``kg ingest FILE.txt --id SLUG``).

    provisions  split into 一、 （一） 1. provisions and sentences (page breaks repaired)
    extraction  rules (with jieba) for industries, technologies, parties, targets, platforms, regions, actor groups
    actions     actions (clauses that commit) and milestones (goals of a year); mentions: what they name
    linking     reuse existing entities by zh label and alias; mint readable IRIs for new ones
    draft       Turtle in the ontology's terms, provenance per statement (owl:Axiom + fikg:statedIn)
    review      new, linked and uncertain entities and the SHACL verdict (rich tables, Markdown)
"""

from kg.ingest.ingestion import ingest
from kg.ingest.review import Review, print_review, review_markdown

__all__ = ["Review", "ingest", "print_review", "review_markdown"]
