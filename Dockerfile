# The PMO Portal image: the same image runs the web server (gunicorn), the Celery worker and
# Celery beat; docker-compose.yml picks the command.

# -- front-end packages (USWDS, htmx) from package-lock.json ---------------------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# -- the application -------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and fonts: WeasyPrint renders the PDF exports with them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 pmo
WORKDIR /app

# Dependencies first, so a code change does not reinstall them. pyproject.toml declares no
# packages: installing it installs the dependencies only.
COPY pyproject.toml ./
RUN pip install .

COPY --chown=pmo:pmo . .
COPY --from=frontend --chown=pmo:pmo /app/node_modules ./node_modules

# Static files are collected (hashed and compressed for whitenoise) into the image; the
# throwaway key only lets the settings load for this step.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
    python manage.py collectstatic --noinput \
    && mkdir -p var/media && chown -R pmo:pmo var staticfiles

USER pmo
EXPOSE 8000
CMD ["gunicorn", "pmo_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
