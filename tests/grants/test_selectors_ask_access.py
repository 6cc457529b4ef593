"""Selectors order and join; who may see which rows is decided in grants.access alone.

Checked against grants/selectors/apply.py before the fix: it filtered by org_ids itself and this test named it.
"""
from __future__ import annotations

from pathlib import Path

import grants.selectors


def test_no_selector_filters_by_group_membership_itself():
    folder = Path(grants.selectors.__file__).parent
    offending = [p.name for p in sorted(folder.glob("*.py")) if "org_ids(" in p.read_text()]
    assert not offending, offending
