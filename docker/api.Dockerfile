# Scout API image (FastAPI under uvicorn). The API module lands in a later issue; until then the image
# runs `scout --help`. When it lands, the command becomes:
#   CMD ["uvicorn", "scout_core.api.app:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
# Build from the repository root:  docker build -f docker/api.Dockerfile -t scout-api .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SCOUT_DATA_DIR=/var/lib/scout

WORKDIR /opt/scout
COPY . .
RUN pip install -e . \
    && useradd --create-home --uid 1000 scout \
    && mkdir -p "$SCOUT_DATA_DIR" && chown scout:scout "$SCOUT_DATA_DIR"

USER scout
EXPOSE 8000
CMD ["scout", "--help"]
