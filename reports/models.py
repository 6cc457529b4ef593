"""Quarterly, You Said We Did, funder and community PDF reports (built in a later issue)."""
