from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoortConfig(AppConfig):
    name = "poort"
    verbose_name = _("Gouden Poort")
