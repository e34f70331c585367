from django.core.management.base import BaseCommand, CommandError

from regions.services import RegionError, regions_import_csv


class Command(BaseCommand):
    help = "Import regions from a UTF-8 CSV file with the columns code,name,level,parent_code."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8-sig", newline="") as lines:
                result = regions_import_csv(lines=lines)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        except RegionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{result.created} created, {result.updated} renamed")
