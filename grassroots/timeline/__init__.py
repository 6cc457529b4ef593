"""The shared timeline: an abstract event row (who, when, from, to, why, who may see it) and the one
``transition()`` that moves any object's status through its TRANSITIONS table and writes that row.

Not an app (no tables of its own): each domain app subclasses ``TimelineEvent`` for its objects, so the
core imports no domain app.
"""
