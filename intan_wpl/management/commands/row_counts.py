"""Print the row count of every table, one "table count" per line (for comparing installations,
e.g. before a backup and after its restore in CI)."""

from django.core.management.base import BaseCommand

from intan_wpl.backup import row_counts


class Command(BaseCommand):
    help = "Cetak jumlah baris setiap tabel (untuk membandingkan instalasi)."

    def handle(self, *args, **options):
        for label, count in row_counts().items():
            self.stdout.write(f"{label} {count}")
