import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.builders import scale
from demo.reference_data import ensure_reference_data


class Command(BaseCommand):
    help = (
        "Bangun data uji skala nasional (bawaan 2.000 OPD, 200.000 pegawai) dengan insert massal. "
        "Hanya untuk basis data kosong yang baru dimigrasi; lihat docs/performance.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opds", type=int, default=2000, help="Jumlah OPD (bawaan 2.000).")
        parser.add_argument("--seed", type=int, default=12, help="Benih acak: benih yang sama, data yang sama.")
        parser.add_argument("--password", default="", help="Kata sandi semua akun uji (wajib).")

    def handle(self, *args, opds, seed, password, **options):
        if opds < 1:
            raise CommandError("--opds harus 1 atau lebih.")
        if len(password) < 12:
            raise CommandError("Beri --password minimal 12 karakter untuk akun uji skala.")
        if scale.foreign_data_present():
            raise CommandError(
                "Basis data ini berisi program, OPD, atau pegawai yang tidak dibuat oleh seed_scale. "
                "seed_scale hanya berjalan pada basis data yang baru dimigrasi."
            )
        if scale.already_built():
            raise CommandError("Data seed_scale sudah ada di basis data ini; pakai basis data baru yang kosong.")
        ensure_reference_data()
        started = time.monotonic()

        def progress(done, total):
            self.stdout.write(f"  {done:>6} / {total} OPD  ({time.monotonic() - started:6.1f} s)")

        counts = scale.build(opds=opds, seed=seed, password=password, progress=progress)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"seed_scale selesai dalam {time.monotonic() - started:.1f} s."))
        for name, number in counts.items():
            self.stdout.write(f"  {name:<28} {number:>10,}".replace(",", "."))
        self.stdout.write(
            f"Admin: {scale.ADMIN_USERNAME}; Widyaiswara wi.skala00001...; Kepala OPD kepala.skala00001..."
        )
