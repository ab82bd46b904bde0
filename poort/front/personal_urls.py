"""A person's own pages, reached through the link in their e-mail: one address in every
language (they speak the language the person prefers), never indexed (robots.txt)."""

from django.urls import path

from .views import checkin, documents, status

urlpatterns = [
    path("aanvraag/verwijderd/", status.erased, name="referral_erased"),
    path("aanvraag/<str:token>/", status.status, name="referral_status"),
    path("aanvraag/<str:token>/intrekken/", status.withdraw, name="referral_withdraw"),
    path("aanvraag/<str:token>/verwijderen/", status.erase, name="referral_erase"),
    path("aanvraag/<str:token>/gegevens.json", status.download, name="referral_download"),
    path("aanvraag/<str:token>/afdrukken/", documents.printable, name="referral_document"),
    path("aanvraag/<str:token>/mijn-plan.pdf", documents.pdf, name="referral_pdf"),
    path("hoe-gaat-het/<str:token>/", checkin.check_in, name="check_in"),
]
