"""SHACL validation: reports as results, not errors (``shacl``), what a write can affect and the subgraph its
checks read (``impact``), and validating a write in a process killed at its deadline (``worker``)."""
