from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trajectories.catalogue import index as catalogue_index
from trajectories.catalogue.importers import (
    FORMATS,
    ImportReport,
    import_and_record,
)


class Command(BaseCommand):
    help = (
        "Import providers, courses and offerings from an EDU-DEX or OOAPI v5 source: a JSON "
        "or JSON Lines file, a directory of such files, or an http(s) URL. Upserts on the "
        "source ids; invalid records are reported and skipped. See docs/imports.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("source", metavar="PATH_OR_URL", help="file, directory or URL")
        parser.add_argument(
            "--default-sector",
            metavar="SLUG",
            help="the field (sector) for courses that name none we know",
        )

    def handle(self, *args, format: str, source: str, default_sector: str | None, **options):
        self.verbosity = options["verbosity"]
        run, report = import_and_record(
            format, source, default_sector=default_sector, progress=self.show_progress
        )
        if report is None:
            raise CommandError(run.error)
        self.stdout.write(report.summary())
        if report.invalid:
            self.stdout.write(_("Not imported:"))
        for label, reason in report.invalid:
            self.stdout.write(f"  {label}: {reason}")
        built = catalogue_index.refresh()
        if built is not None:
            self.stdout.write(
                _("Catalogue index built in %(seconds).1f s.") % {"seconds": built.seconds}
            )

    def show_progress(self, report: ImportReport) -> None:
        if self.verbosity >= 1:
            self.stderr.write(_("%(count)d records processed …") % {"count": report.processed})
