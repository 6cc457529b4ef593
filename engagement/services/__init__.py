"""Writes for engagement: every change goes through a service here, which re-checks access and writes history."""
