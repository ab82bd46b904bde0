"""/api/v1/ (included by the root URL conf by name): the NinjaAPI's operations and its
OpenAPI document, each through api_edge, the docs page, the widgets for regional sites, and
problem+json for any other path."""

from django.urls import path, re_path

from . import docs, widgets
from .api import api, unknown_path
from .edge import api_edge
from .partner import router as partner_router
from .public import router as public_router

api.add_router("", public_router)
api.add_router("", partner_router)

patterns, app_name, namespace = api.urls
for pattern in patterns:
    pattern.callback = api_edge(pattern.callback)

app_name = namespace
urlpatterns = [
    *patterns,
    path("docs", api_edge(docs.docs), name="docs"),
    path("widgets/opleidingen", api_edge(widgets.courses), name="widget_courses"),
    path("widgets/loket", api_edge(widgets.desk), name="widget_desk"),
    path("widgets/widget.js", api_edge(widgets.script), name="widget_script"),
    path("widgets/widget.css", api_edge(widgets.stylesheet), name="widget_stylesheet"),
    re_path(r"^(?P<rest>.*)$", api_edge(unknown_path)),
]
