"""The person's documents to keep: the printable page and the PDF of their question, their plan
and their data. Private like the status page: reached only through the token in their link,
and after an onward referral they show the request where it is now, as the status page does."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from poort.front.documents import as_pdf, keepsake

from .status import private, referral_for_token


def title_and_footer() -> tuple[str, str]:
    made_on = date_format(timezone.localdate())
    footer = _(
        "Gouden Poort – made on %(date)s. This document is only for you: it holds your data."
    ) % {"date": made_on}
    return _("Your question and your plan"), footer


@private
@require_GET
def printable(request: HttpRequest, token: str) -> HttpResponse:
    referral = referral_for_token(token).latest()
    title, footer = title_and_footer()
    context = {
        "token": token,
        "title": title,
        "footer": footer,
        "sections": keepsake(referral),
    }
    return render(request, "poort/status/document.html", context)


@private
@require_GET
def pdf(request: HttpRequest, token: str) -> HttpResponse:
    referral = referral_for_token(token).latest()
    title, footer = title_and_footer()
    response = HttpResponse(as_pdf(title, keepsake(referral), footer), "application/pdf")
    response["Content-Disposition"] = 'attachment; filename="gouden-poort-mijn-plan.pdf"'
    return response
