"""The Celery worker the reports benchmark starts: the production worker (``celery -A grassroots worker``, prefork,
one process in the pool), with one benchmark-only change, stated here and nowhere else.

``BENCH_YSWD_QUOTES``, if set, replaces ``engagement.selectors.public.QUOTES_SHOWN`` (12: how many quotes the
public page and the "You said, we did" report show) in this worker only, before it starts, so the benchmark can
time a report quoting 5,000 items. The product's own code and settings are untouched: a worker started any other
way quotes 12. Nothing else is changed; the worker reads the environment the benchmark configured (database,
Redis, media root).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    quotes = os.environ.get("BENCH_YSWD_QUOTES", "")
    if quotes:
        from engagement.selectors import public

        public.QUOTES_SHOWN = int(quotes)  # read when the figures are built, so the report quotes this many
    from grassroots.celery import app

    app.worker_main(["worker", "--pool=prefork", "--concurrency=1", "--loglevel=INFO", "--without-heartbeat",
                     "--without-mingle", "--without-gossip"])


if __name__ == "__main__":
    main()
