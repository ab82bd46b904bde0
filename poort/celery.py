import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poort.settings")

app = Celery("poort")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
