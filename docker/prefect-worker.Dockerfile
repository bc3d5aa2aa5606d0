# Prefect worker for the `scout-process` work pool. Each flow run is a subprocess in this container
# and acts as the Ray driver: it connects to the cluster at SCOUT_RAY_ADDRESS, so the Ray and Python
# versions here must match the Ray nodes' (docker/worker.Dockerfile). No browser here: browser work
# runs in Ray actors on the worker nodes.
# Build from the repository root:  docker build -f docker/prefect-worker.Dockerfile -t scout-prefect-worker .
FROM python:3.11-slim

ARG RAY_VERSION=2.60.0
ARG PREFECT_VERSION=3.9.1
ARG PLAYWRIGHT_VERSION=1.65.2

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RAY_USAGE_STATS_ENABLED=0 \
    SCOUT_DATA_DIR=/var/lib/scout \
    PREFECT_WORKER_WEBSERVER_HOST=0.0.0.0 \
    PREFECT_WORKER_WEBSERVER_PORT=8080

RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*

# prefect.yaml's pull step is `set_working_directory: /opt/scout`: the code must live exactly here.
WORKDIR /opt/scout
# Pinned heavy dependencies first so code edits don't reinstall them; Ray must match the cluster's.
RUN pip install "ray[default]==${RAY_VERSION}" "prefect==${PREFECT_VERSION}" "playwright==${PLAYWRIGHT_VERSION}"
COPY . .
RUN pip install -e . \
    && useradd --create-home --uid 1000 scout \
    && mkdir -p "$SCOUT_DATA_DIR" && chown scout:scout "$SCOUT_DATA_DIR"

USER scout
EXPOSE 8080
ENTRYPOINT ["tini", "--"]
# --with-healthcheck serves GET :8080/health for the container healthcheck. The pool is created
# (type process) if it does not exist yet; `python -m deployments.work_pool` does the same explicitly.
CMD ["prefect", "worker", "start", "--pool", "scout-process", "--type", "process", \
     "--install-policy", "never", "--with-healthcheck"]
