from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "poort.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from poort import webhooks

        from .models import EndpointDirectory

        webhooks.register(EndpointDirectory())
