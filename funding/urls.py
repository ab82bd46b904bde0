from django.urls import path

from . import views

# Included at /regelingen/. The funding check, /regelingen/check/, is routed before this
# include in poort/urls.py (it is a page of the front door: it lets people choose a course).
app_name = "funding"

urlpatterns = [
    path("", views.scheme_list, name="schemes"),
    path("<slug:slug>/", views.scheme_detail, name="scheme"),
]
