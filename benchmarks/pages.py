"""The documented command for the grants page benchmark; everything is in ``grants_pages.py`` and ``harness/``.

    .venv/bin/python benchmarks/pages.py [--applications 10000,100000] [--keep-db] [--reuse-db]
"""
from __future__ import annotations

import sys

from grants_pages import SUITE, main

if __name__ == "__main__":
    sys.exit(main(SUITE, __doc__))
