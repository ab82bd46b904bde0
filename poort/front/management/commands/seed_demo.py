import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from poort.front.demo import accounts
from poort.front.demo.loader import DemoDataError, load_demo
from trajectories.catalogue import index as catalogue_index


class Command(BaseCommand):
    help = (
        "Load the demo content: technical fields, a desk for every region, initiatives, "
        "funding schemes, about 300 courses with start dates, demo accounts, and a demo queue "
        "of fictional people with their requests (no e-mails). Safe to run again: it matches "
        "rows on their natural keys and only writes what differs (docs/demo.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--not-a-development-site",
            action="store_true",
            help="Run even with DEBUG off (a test or acceptance site; never production).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["not_a_development_site"]:
            raise CommandError(
                "seed_demo makes accounts with a known password, so it runs only with DEBUG=1 "
                "(add --not-a-development-site for a test or acceptance site)."
            )
        started = time.monotonic()
        try:
            outcomes = load_demo()
        except DemoDataError as error:
            raise CommandError(str(error)) from None
        for outcome in outcomes:
            line = (
                f"  {outcome.label:<26} {len(outcome.created):>4} created"
                f" {len(outcome.updated):>4} updated {outcome.unchanged:>5} unchanged"
            )
            if outcome.kept:
                line += f" ({outcome.kept} regions keep their own active desk)"
            self.stdout.write(line)
        created = sum(len(outcome.created) for outcome in outcomes)
        updated = sum(len(outcome.updated) for outcome in outcomes)
        unchanged = sum(outcome.unchanged for outcome in outcomes)
        self.stdout.write(
            f"Demo content: {created} rows created, {updated} updated, {unchanged} unchanged "
            f"({time.monotonic() - started:.1f} s)."
        )
        built = catalogue_index.refresh()  # PostgreSQL: the catalogue counts from it at once
        if built is not None:
            self.stdout.write(f"Catalogue index built ({built.seconds:.1f} s).")
        self.stdout.write(
            f"Demo logins (password {accounts.PASSWORD!r}, set when the account was created):"
        )
        for account in accounts.ACCOUNTS:
            self.stdout.write(f"  {account['email']:<42} {account['description']}")
