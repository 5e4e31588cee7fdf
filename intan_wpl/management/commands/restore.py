"""Restore an archive made by `manage.py backup` into an empty installation, then check that
every table has the same number of rows and every file the same content (docs/backup.md)."""

from django.core.management.base import BaseCommand, CommandError

from intan_wpl.backup import RestoreError, backup_restore


class Command(BaseCommand):
    help = "Pulihkan arsip cadangan ke instalasi kosong, lalu periksa jumlah baris dan isi berkas."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest, differences = backup_restore(archive)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        if differences:
            raise CommandError("Pemulihan tidak sama dengan cadangan:\n" + "\n".join(differences))
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dari {archive}: {sum(manifest['rows'].values())} baris dalam {len(manifest['rows'])} "
                f"tabel dan {len(manifest['files'])} berkas, semuanya sama dengan cadangan."
            )
        )
