"""Back up the database and the uploaded files into one archive (docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from intan_wpl.backup import backup_create


class Command(BaseCommand):
    help = "Cadangkan basis data dan berkas unggahan ke satu arsip .tar.gz (lihat docs/backup.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="berkas arsip (bawaan: backups/intan-wpl-TAHUNBULANTANGGAL-JAMMENIT.tar.gz)",
        )

    def handle(self, *args, output=None, **options):
        output = Path(output or f"backups/intan-wpl-{timezone.localtime():%Y%m%d-%H%M}.tar.gz")
        manifest = backup_create(output)
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan ditulis ke {output}: {sum(manifest['rows'].values())} baris dalam "
                f"{len(manifest['rows'])} tabel, {len(manifest['files'])} berkas."
            )
        )
