"""RDF itself, below everything that stores or serves it: terms (``model``), namespaces and IRIs (``vocab``),
syntaxes and media types (``formats``), the one screened parse of a client's payload (``payload``) and the
stable Turtle form of the sources (``normalise``, ``kg fmt``). No store, no network, no settings."""
