"""Reasoning over the ontology: OWL 2 RL materialisation compiled into SPARQL run in the store (``owl_rl``)
and its reference implementation (``reference``), OWL 2 DL reasoners through owlready2 (``dl``), the OWL API
under Protégé (``owlapi``, a small Java tool in ``java/``) and the OWL 2 DL profile check (``profile``)."""
