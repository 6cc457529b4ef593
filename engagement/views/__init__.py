"""Engagement views: thin, one module per area; objects come through engagement.access."""
