# wzsci's image: gunicorn serving the app; the same image runs the Celery worker and beat
# (docker-compose.yml). Builds on an intranet: the base image from the registry mirror
# (REGISTRY), the packages from the index mirror (PIP_INDEX_URL), or with no index at all from
# the wheelhouse (OFFLINE=1 after `make wheelhouse`; README, "Offline install"). .dockerignore
# keeps .env, .venv, db.sqlite3, media and .git out of the build context, so out of the image.
#
#   docker build --build-arg REGISTRY=harbor.example.gov.cn/library \
#                --build-arg PIP_INDEX_URL=https://pypi.example.gov.cn/simple -t wzsci .
#   docker build --build-arg REGISTRY=harbor.example.gov.cn/library --build-arg OFFLINE=1 -t wzsci .
ARG REGISTRY=docker.io/library
ARG PYTHON_IMAGE=python:3.11-slim
FROM ${REGISTRY}/${PYTHON_IMAGE}
# Build arguments are visible in the image's history: an index URL with a password belongs in
# pip's own configuration of the build machine, not here.
ARG PIP_INDEX_URL=https://pypi.org/simple
ARG PIP_TRUSTED_HOST=
ARG OFFLINE=0
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
# The wheelhouse is mounted for this step only (BuildKit, Docker's default builder since 23.0):
# its wheels never become a layer of the image.
RUN --mount=type=bind,source=wheelhouse,target=/wheelhouse \
    if [ "$OFFLINE" = "1" ]; then \
      pip install --no-cache-dir --no-index --find-links /wheelhouse -e . ; \
    else \
      pip install --no-cache-dir --index-url "$PIP_INDEX_URL" \
        ${PIP_TRUSTED_HOST:+--trusted-host "$PIP_TRUSTED_HOST"} -e . ; \
    fi
COPY . .
RUN SECRET_KEY=build-only DEBUG=0 STATIC_MANIFEST=1 python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "wzsci.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
