FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e .
COPY . .
RUN SECRET_KEY=build-only DEBUG=0 STATIC_MANIFEST=1 python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "wzsci.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
