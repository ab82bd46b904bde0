from django.urls import path

from .views import catalogue

# Included at /opleidingen/; the names stay global because the site menu and home page use them.
urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("<slug:slug>/", catalogue.course_detail, name="course_detail"),
]
