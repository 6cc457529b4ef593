"""Reads for engagement pages, built on engagement.access; every figure comes from an aggregate in the database."""
