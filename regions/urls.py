from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("regio/", views.region_list, name="list"),
    path("regio/<slug:slug>/", views.region_detail, name="detail"),
    path("initiatieven/<slug:slug>/", views.initiative_detail, name="initiative"),
]
