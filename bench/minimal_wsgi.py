"""The yardstick of `bench/load.py`: the smallest Django page, served as the site is.

Gunicorn loads this module instead of `poort.wsgi`: the same settings (`poort.settings`,
the same environment), the same Django and the same gunicorn, but no middleware and one
URL, `/`, whose view returns a short text. What the home page costs above this is what
our own code, middleware and template cost. It adds no route to the product.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poort.settings")

import django
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse
from django.urls import path


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Gouden Poort", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", minimal)]

# Set up with the site's own settings first (allauth checks its middleware when it starts),
# then serve without middleware and with this module's single URL.
django.setup(set_prefix=False)
settings.MIDDLEWARE = []
settings.ROOT_URLCONF = __name__
application = WSGIHandler()
