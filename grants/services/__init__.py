"""Writes for grants, one module per topic; every state change is one function here."""
