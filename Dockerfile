# Grassroots web/worker/beat image. One image, three roles (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    MEDIA_ROOT=/app/media \
    STATIC_ROOT=/app/staticfiles

# WeasyPrint's system libraries (Pango, HarfBuzz subsetting, image codecs), fonts
# for PDF output, and MIME data. Nothing else: every Python dependency has a wheel.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        libjpeg62-turbo \
        libopenjp2-7 \
        fonts-dejavu-core \
        fonts-liberation \
        shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

# Unprivileged runtime user.
RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first so source edits do not invalidate this layer.
COPY requirements.txt /app/requirements.txt
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=app:app . /app
# media/ exists (owned by app) in the image so a fresh named volume mounted
# there inherits app ownership; staticfiles/ is filled by collectstatic below.
RUN chmod 0755 /app/scripts/docker-entrypoint.sh \
    && mkdir -p /app/media /app/staticfiles \
    && chown app:app /app /app/media /app/staticfiles

USER app

# Build-time only: a throwaway key and a sqlite URL so settings load. Neither is
# baked into the image's environment; real values come from the runtime env.
RUN SECRET_KEY=build-only-not-secret \
    DEBUG=false \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build-only.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 \
    SECURE_SSL_REDIRECT=false \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build-only.sqlite3

EXPOSE 8000

# /healthz answers 200 only when db, redis and a celery worker respond;
# urlopen raises on anything else, so the exit code is non-zero.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=8).status == 200 else 1)"]

ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["gunicorn", "grassroots.wsgi:application", "--workers", "3", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
