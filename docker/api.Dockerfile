# Scout API image: `scout serve` (FastAPI under uvicorn) over the store, on port 8000.
# Build from the repository root:  docker build -f docker/api.Dockerfile -t scout-api .
# It listens on 0.0.0.0 inside the container, so SCOUT_API__KEYS must be set (the server refuses a
# non-loopback bind without keys, in one line). The analytics it serves are refreshed by the
# scout-analytics Prefect deployment (or `scout analytics refresh`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SCOUT_DATA_DIR=/var/lib/scout \
    SCOUT_API_WORKERS=2

WORKDIR /opt/scout
COPY . .
RUN pip install -e . \
    && useradd --create-home --uid 1000 scout \
    && mkdir -p "$SCOUT_DATA_DIR" && chown scout:scout "$SCOUT_DATA_DIR"

USER scout
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4)"]
# The schema first (a no-op when current), then the server; exec so signals reach uvicorn.
CMD ["sh", "-c", "scout db upgrade && exec scout serve --host 0.0.0.0 --port 8000 --workers \"$SCOUT_API_WORKERS\""]
