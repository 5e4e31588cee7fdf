"""manage.py cleanup_jobs [--days N]: delete the result files of background jobs finished more than
N days ago (JOB_RESULT_DAYS by default). The job rows stay on record. Celery beat runs the same
daily (intan_wpl.tasks.cleanup_job_results); run this from cron where beat does not run."""

from django.core.management.base import BaseCommand

from intan_wpl.services.jobs import cleanup_job_results


class Command(BaseCommand):
    help = "Hapus berkas hasil pekerjaan latar yang lebih tua dari JOB_RESULT_DAYS hari."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Umur minimum (hari); bawaan JOB_RESULT_DAYS.")

    def handle(self, *args, days=None, **options):
        removed = cleanup_job_results(days=days)
        self.stdout.write(f"{removed} berkas hasil dihapus.")
