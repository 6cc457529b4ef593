"""The real URLs plus one view that crashes, to see the styled 500 page."""
from django.urls import path

from grassroots.urls import handler400, handler403, handler404, handler500
from grassroots.urls import urlpatterns as real_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def _crash(request):
    raise RuntimeError("deliberate test crash")


urlpatterns = [path("crash/", _crash), *real_urlpatterns]
