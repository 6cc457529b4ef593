#!/usr/bin/env bash
# Container entrypoint. Only the web role (gunicorn) migrates and seeds, so the
# worker and beat containers never race it on schema changes.
set -euo pipefail

if [ "$#" -gt 0 ] && [ "$(basename -- "$1")" = "gunicorn" ]; then
    echo "entrypoint: applying migrations" >&2
    python manage.py migrate --noinput

    if [ "${SEED_DEMO:-0}" = "1" ]; then
        # SEED_DEMO=1 is the operator saying "this is a throwaway demo stack". The container runs with
        # DEBUG=false like production, so seed_demo needs --force to accept that (it refuses otherwise,
        # because demo accounts share a published password). Never set SEED_DEMO on a live service.
        echo "entrypoint: seeding demo data (SEED_DEMO=1)" >&2
        python manage.py seed_demo --force
    fi
fi

exec "$@"
