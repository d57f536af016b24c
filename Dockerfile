# The production image: gunicorn serves the app; the same image runs the worker and beat.
# checkov:skip=CKV_DOCKER_2: no image HEALTHCHECK: the same image runs web, worker and beat, so each orchestrator probes its own (compose healthcheck, Kubernetes probes)
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Production whatever runs the image: no debug pages (the settings default is off too).
ENV DEBUG=false
# Logs as JSON lines for the log collector (portal/logs.py).
ENV LOG_FORMAT=json
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python scripts/compile_messages.py \
 && DEBUG=false SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --no-input -v0 \
 && useradd --system --uid 10001 --user-group --home /app lineout && mkdir -p /app/var && chown lineout /app/var
USER lineout
EXPOSE 8000
# Bind, workers, metrics across workers and the access log: portal/gunicorn.py.
CMD ["gunicorn", "-c", "python:portal.gunicorn", "portal.wsgi:application"]
