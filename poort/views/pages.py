from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "poort/home.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "poort/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "poort/privacy.html")


@require_GET
def catalogue_placeholder(request: HttpRequest) -> HttpResponse:
    return render(request, "poort/placeholder_catalogue.html")


@require_GET
def orientation_placeholder(request: HttpRequest) -> HttpResponse:
    return render(request, "poort/placeholder_orientation.html")
