"""Building the graph: every source read into its own named graph, derived, validated and published atomically
(``pipeline``), on disk or to a remote engine (``remote_publication``), then the files in ``dist/``
(``distribution``)."""
