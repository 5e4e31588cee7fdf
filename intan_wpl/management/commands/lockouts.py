"""List or release sign-in lockouts from a shell (issue 13, item 1), for when no admin can sign
in at all. Every release is written to the audit log, as on the admin's page."""

from axes.models import AccessAttempt
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from intan_wpl.services import lockouts as services


class Command(BaseCommand):
    help = "Daftar kunci masuk (django-axes), atau lepaskan kunci sebuah nama pengguna (tercatat di log audit)."

    def add_arguments(self, parser):
        parser.add_argument("--release", metavar="NAMA_PENGGUNA", help="lepaskan kunci nama pengguna ini")
        parser.add_argument("--ip", help="hanya kunci dari alamat ini (bersama --release)")
        parser.add_argument("--all", action="store_true", help="lepaskan semua kunci")

    def handle(self, *args, release=None, ip=None, all=False, **options):  # noqa: A002 - the option's name
        if release or all:
            attempts = AccessAttempt.objects.all()
            if release:
                attempts = attempts.filter(username=release)
            if ip:
                attempts = attempts.filter(ip_address=ip)
            if release and not attempts.exists():
                raise CommandError(f"Tidak ada kunci atau percobaan gagal untuk {release!r}.")
            count = services.lockout_release(attempts=attempts, actor=None, via="manage.py lockouts")
            self.stdout.write(self.style.SUCCESS(f"{count} kunci dilepas (tercatat di log audit)."))
            return
        rows = services.lockout_list()
        if not rows:
            self.stdout.write("Tidak ada kunci masuk.")
            return
        for row in rows:
            state = (
                f"TERKUNCI sampai {timezone.localtime(row.locked_until):%d-%m-%Y %H.%M}"
                if row.is_locked
                else "belum terkunci"
            )
            self.stdout.write(f"{row.username}\t{row.ip_address}\t{row.failures} kali gagal\t{state}")
