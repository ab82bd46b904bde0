from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regions.cbs import FactsFileError, import_municipalities


class Command(BaseCommand):
    help = (
        "Refresh municipalities and their labour market region from a CBS 'Gebieden in "
        "Nederland' CSV export (or the layout of regions/data/gemeenten-2026.csv). "
        "See docs/regions.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV file to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, save nothing"
        )

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        try:
            report = import_municipalities(file, dry_run=dry_run)
        except FactsFileError as error:
            raise CommandError(str(error)) from None
        for change in report.changes:
            self.stdout.write(str(change))
        self.stdout.write(report.summary())
