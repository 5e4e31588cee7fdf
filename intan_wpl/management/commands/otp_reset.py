"""Remove a person's second factor from a shell (a lost phone, and no other admin can sign in):
they set it up again at their next sign-in. Recorded in the audit log (docs/security.md)."""

from django.core.management.base import BaseCommand, CommandError

from intan_wpl.models import User
from intan_wpl.services.second_factor import second_factor_reset


class Command(BaseCommand):
    help = "Atur ulang verifikasi dua langkah seorang pengguna (misalnya ponselnya hilang); tercatat di log audit."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna {username!r} tidak ditemukan.")
        count = second_factor_reset(user=user, actor=None, via="manage.py otp_reset")
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} perangkat verifikasi {username} dihapus; ia mendaftar lagi saat masuk berikutnya."
            )
        )
