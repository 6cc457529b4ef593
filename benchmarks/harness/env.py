"""The benchmark's production-like environment and its scratch PostgreSQL database (which it drops)."""
from __future__ import annotations

import os
import secrets
import urllib.parse
from typing import Any

DEFAULT_DB = "postgres://root@127.0.0.1:5432/grassroots_bench"


def configure_environment(static_root: str, media_root: str) -> str:
    """The production-like settings both this process and gunicorn run with."""
    db_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    os.environ.update({
        "DATABASE_URL": db_url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",  # the benchmark speaks plain http to 127.0.0.1
        "CSRF_COOKIE_SECURE": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_MANIFEST": "false",
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "grassroots.settings",
    })
    os.environ.pop("EMAIL_HOST", None)
    return db_url


def _admin_connection(db_url: str) -> Any:
    import psycopg2

    parts = urllib.parse.urlparse(db_url)
    conn = psycopg2.connect(dbname="postgres", user=parts.username, password=parts.password,
                            host=parts.hostname, port=parts.port or 5432)
    conn.autocommit = True
    return conn


def db_name(db_url: str) -> str:
    name = urllib.parse.urlparse(db_url).path.lstrip("/")
    if "bench" not in name:
        # The harness drops its database; refuse anything that is not obviously a benchmark database.
        raise SystemExit(f"Refusing to use database {name!r}: its name must contain 'bench'.")
    return name


def database_exists(db_url: str) -> bool:
    conn = _admin_connection(db_url)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name(db_url)])
        found = cur.fetchone() is not None
    conn.close()
    return found


def recreate_database(db_url: str) -> None:
    from psycopg2 import sql

    name = db_name(db_url)
    conn = _admin_connection(db_url)
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def drop_database(db_url: str) -> None:
    from psycopg2 import sql

    conn = _admin_connection(db_url)
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db_name(db_url))))
    conn.close()
