"""A real Celery worker for the tests that prove the background path end to end, and the test-only job kinds."""
from __future__ import annotations

import pytest

# The URL walk's data, for test_escaping.py too: every page of the walk is also read with hostile text.
from tests.core.test_url_walk import walk_data  # noqa: F401


@pytest.fixture
def test_renderers():
    """The throwaway job kinds in tests/core/job_renderers.py, registered for this test only."""
    from tests.core import job_renderers

    job_renderers.register()
    job_renderers.runs.clear()
    yield job_renderers
    job_renderers.unregister()
