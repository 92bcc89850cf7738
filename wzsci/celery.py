import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wzsci.settings")

app = Celery("wzsci")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks module, where it lives in that app's feature packages.
app.autodiscover_tasks(["indicators.progress", "proposals"])
