from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from trajectories.catalogue import index as catalogue_index


class Command(BaseCommand):
    help = (
        "Build the catalogue index now (PostgreSQL), so that searches count from it at once; "
        "the beat task refresh_catalogue_index does this every five minutes when the "
        "catalogue changed or a new day began. See docs/catalogue.md."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(_("The catalogue index needs PostgreSQL."))
        built = catalogue_index.build()
        if built is None:
            raise CommandError(_("Another build of the catalogue index is running."))
        self.stdout.write(
            _("Catalogue index built in %(seconds).1f s: %(parts)d parts, %(size).1f MB.")
            % {"seconds": built.seconds, "parts": built.parts, "size": built.stored_bytes / 1e6}
        )
