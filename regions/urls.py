from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("regio/", views.region_list, name="list"),
    path("initiatieven/<slug:slug>/", views.initiative_detail, name="initiative"),
]
