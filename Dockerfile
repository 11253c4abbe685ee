# MLScope's container image (docs/deploy.md): `docker build -t mlscope:0.1.0 .`
# Runs `mlscope serve --no-migrate` in HTTP mode as user 10001; `mlscope db upgrade` (the migration job)
# and `mlscope tick` (a CronJob) are the same image with other arguments. Secrets come as files:
# SLACK_BOT_TOKEN_FILE=/run/secrets/… and the like (README, Configuration).
# tests/deploy/test_dockerfile.py lints this file with hadolint and checks what the build context holds.

# Build: a virtual environment with MLScope and its dependencies (all of them ship wheels: no compiler).
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/mlscope
WORKDIR /src
COPY pyproject.toml README.md ./
COPY domain/ domain/
COPY storage/ storage/
COPY bot/ bot/
# A regular (not editable) install: the migrations and the sandbox's page are package data.
RUN --mount=type=cache,target=/root/.cache/pip /opt/mlscope/bin/pip install .

# Run: the virtual environment on a fresh slim Python, no build tools, no source tree, not root.
FROM python:3.11-slim-bookworm
RUN groupadd --system --gid 10001 mlscope \
 && useradd --system --uid 10001 --gid mlscope --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin mlscope
COPY --from=build /opt/mlscope /opt/mlscope
# MPLCONFIGDIR: matplotlib's font cache (the digest's chart) goes to /tmp, the one place written to,
# so the root filesystem can be read-only. PORT is the HTTP port the HEALTHCHECK asks.
ENV PATH=/opt/mlscope/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    PORT=3000
WORKDIR /app
USER 10001:10001
EXPOSE 3000
# /healthz, asked with Python (the slim image has no curl). Socket Mode serves it too, on PORT
# (set here), beside /readyz and /metrics (docs/operations.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4).status != 200)"]
ENTRYPOINT ["mlscope"]
CMD ["serve", "--no-migrate"]
