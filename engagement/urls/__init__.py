"""Engagement's URLs, one module per area so each can grow without touching the others. All share the
"engagement" namespace."""
from engagement.urls import (
    actions,
    exports,
    feedback,
    imports,
    insights,
    lists,
    public,
    questions,
    routing,
    sessions,
    themes,
)

app_name = "engagement"
urlpatterns = [*sessions.urlpatterns, *feedback.urlpatterns, *questions.urlpatterns, *imports.urlpatterns,
               *lists.urlpatterns, *routing.urlpatterns, *actions.urlpatterns,
               *public.urlpatterns, *exports.urlpatterns, *themes.urlpatterns, *insights.urlpatterns]
