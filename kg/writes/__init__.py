"""The write path's own work: the exact change (delta) a SPARQL Update makes, computed from its parse.

:mod:`kg.gate` validates and commits a write; this package computes what an update changes, operation
by operation over an overlay of the live store and the change so far (:mod:`~kg.writes.overlay`):
DATA blocks and templates (:mod:`~kg.writes.templates`), graph management — CLEAR, DROP, CREATE, ADD,
MOVE, COPY — read structurally from the store's quads (:mod:`~kg.writes.graph_management`), WHERE
clauses evaluated where client SPARQL may run: a sandboxed, killable query worker, or the remote
engine (:mod:`~kg.writes.where`), LOAD fetched and parsed in a process of its own
(:mod:`~kg.writes.document_load`), all driven by :mod:`~kg.writes.update_delta`. Nothing of a
client's text is evaluated in the API process.
"""
