"""Grant exports made in the background (registered with the core job registry)."""
