"""A reusable page-benchmark harness: a scratch database, bulk seeding, gunicorn, timing and query counts.

A benchmark (``benchmarks/grants_pages.py``; the engagement and reports benchmarks to come) gives
``harness.run.main`` a :class:`harness.run.Suite`: how to seed N rows, who signs in, and which pages
to time. The harness never imports ``tests/``: a benchmark builds its data from the product's models.
"""
