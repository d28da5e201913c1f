"""Ingest a Chinese policy document into a draft graph for review (``kg ingest FILE.txt --id SLUG``).

    normalisation  full-width punctuation and 〔〕 document numbers first (texts copied from the web)
    provisions  split into 一、 （一） 1. provisions, annex and sentences (page and line breaks repaired)
    extraction  rules (with jieba) for industries, technologies, measures and parties, targets (targets),
                metadata and references (metadata), platforms, regions, actor groups
    actions     actions (clauses that commit) and milestones (goals of a year); mentions: what they name
    linking     the draft's own entities in its namespace; exactMatch/closeMatch proposals to namesakes
    draft       Turtle in the ontology's terms, provenance per statement (owl:Axiom + fikg:statedIn)
    review      metadata, references, new entities and match proposals, what is missing, the SHACL verdict
"""

from kg.ingest.ingestion import ingest
from kg.ingest.review import Review, print_review, review_markdown

__all__ = ["Review", "ingest", "print_review", "review_markdown"]
