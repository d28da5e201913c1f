"""The ``kg`` command line: an interface beside ``api/``, calling the services in ``kg/`` (``main``: the
commands; ``operations``: backup and restore; ``render``: result tables; ``report``: validation reports)."""
