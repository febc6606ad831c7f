"""``python -m flows``: the command line (see flows/cli.py)."""

from flows import settings  # noqa: F401  (first: the environment, before prefect is imported)

import sys

from flows.cli import main

if __name__ == "__main__":
    sys.exit(main())
