"""Sessions, feedback, themes, routing and actions (built in a later issue)."""
