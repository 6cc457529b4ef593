"""Grassroots: small-grant programmes for community health engagement."""
from .celery import app as celery_app

__all__ = ("celery_app",)
