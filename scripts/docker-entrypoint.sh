#!/usr/bin/env bash
# Container entrypoint. Only the web role (gunicorn) migrates and seeds, so the
# worker and beat containers never race it on schema changes.
set -euo pipefail

if [ "$#" -gt 0 ] && [ "$(basename -- "$1")" = "gunicorn" ]; then
    echo "entrypoint: applying migrations" >&2
    python manage.py migrate --noinput

    if [ "${SEED_DEMO:-0}" = "1" ]; then
        echo "entrypoint: seeding demo data (SEED_DEMO=1)" >&2
        python manage.py seed_demo
    fi
fi

exec "$@"
