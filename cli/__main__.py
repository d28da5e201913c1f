"""``python -m cli``: the ``kg`` command line."""

from cli.main import main

main()
