# Scout worker image: Python 3.11 + Ray + Playwright driving Debian's Chromium, with Scout installed.
# Used for the Ray head and Ray worker nodes (browser and API actors) and for one-off `scout` runs.
# Build from the repository root:  docker build -f docker/worker.Dockerfile -t scout-worker .
FROM python:3.11-slim

ARG RAY_VERSION=2.60.0
ARG PREFECT_VERSION=3.9.1
ARG PLAYWRIGHT_VERSION=1.65.2

# SCOUT_X_WEB__BROWSER_PATH: the real binary; /usr/bin/chromium is a slower shell wrapper.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RAY_USAGE_STATS_ENABLED=0 \
    SCOUT_DATA_DIR=/var/lib/scout \
    SCOUT_X_WEB__BROWSER_PATH=/usr/lib/chromium/chromium

# Debian's Chromium avoids `playwright install` (which needs internet at build time); the fonts keep
# names with emoji and CJK characters from rendering as boxes; tini reaps Chromium's zombie children.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji \
       fonts-noto-cjk tini \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/scout
# Pinned heavy dependencies first so code edits don't reinstall them; pins match Scout's tested versions.
RUN pip install "ray[default]==${RAY_VERSION}" "prefect==${PREFECT_VERSION}" "playwright==${PLAYWRIGHT_VERSION}"
COPY . .
RUN pip install -e . \
    && useradd --create-home --uid 1000 scout \
    && mkdir -p "$SCOUT_DATA_DIR" && chown scout:scout "$SCOUT_DATA_DIR"

USER scout
ENTRYPOINT ["tini", "--"]
# Default: join an existing Ray cluster as a worker node offering browser and API slots.
# compose.yaml overrides this for the head node and for the one-off run.
ENV RAY_HEAD_ADDRESS=ray-head:6379 \
    RAY_NODE_RESOURCES='{"browser": 2, "api": 4}'
CMD ["sh", "-c", "exec ray start --address=\"$RAY_HEAD_ADDRESS\" --resources=\"$RAY_NODE_RESOURCES\" --block"]
