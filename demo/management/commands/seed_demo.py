from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.builders import evidence as demo_evidence
from demo.builders import pegawai as demo_pegawai
from demo.builders import plans as demo_plans
from demo.builders import problems as demo_problems
from demo.builders import realisation as demo_realisation
from demo.builders import registry as pilots_demo
from demo.builders import sessions as demo_sessions
from demo.reference_data import ensure_reference_data


class Command(BaseCommand):
    help = "Isi data demo (Pilot INTAN-WPL 2025, lima OPD, akun tiap peran). Aman dijalankan berulang."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo menolak berjalan dengan DEBUG mati: data demo dan kata sandinya "
                "tidak boleh masuk ke basis data produksi."
            )
        with transaction.atomic():
            ensure_reference_data()
            accounts, programme_opds = pilots_demo.seed()
            # The journey in order: field sessions, problem map and needs, plans, realisation.
            for step in (demo_sessions, demo_problems, demo_plans, demo_realisation, demo_evidence):
                step.seed(programme_opds)
            # The civil servants' own side: accounts, journal, questionnaire answers.
            people = demo_pegawai.seed(programme_opds)
        self.stdout.write(
            self.style.SUCCESS(f"Data demo siap. Kata sandi semua akun demo: {pilots_demo.DEMO_PASSWORD}")
        )
        for user in accounts:
            self.stdout.write(f"  {user.username:<18} {user.get_role_display()}")
        for pegawai in people:
            self.stdout.write(f"  {pegawai.nip:<18} Pegawai ({pegawai.name})")
