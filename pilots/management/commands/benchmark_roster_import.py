"""Time the roster import on a generated 20,000-row XLSX, through the same services the
pages use: upload (read + check every row), commit, a re-import of the same file (all
unchanged), and an import of a changed file (all updated).

    DEBUG=true .venv/bin/python manage.py benchmark_roster_import [--rows 20000] [--keep]
    DEBUG=true .venv/bin/python manage.py benchmark_roster_import --through-jobs [--rows 20000]

With --through-jobs (issue 12) each import runs the way a worker runs it: a fresh process
(this command started again, like a `celery worker` with Django loaded and nothing else) keeps
the file as the upload view does, then runs the jobs "Periksa roster" and "Impor roster" through
the job runner (intan_wpl.services.jobs.run, what the Celery task calls), and reports the wall
time of each job and the peak resident set size of that process (ru_maxrss).

It works in a throwaway OPD and removes everything it made unless --keep is given. NIPs
are generated valid and distinct from every NIP already in the database, so no existing
staff member is touched. Figures for this machine are in docs/performance.md.
"""

import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from intan_wpl.models import Job, JobState, Role, User
from intan_wpl.services.jobs import start_job
from pilots.domain import PANGKAT, PPPK_GOLONGAN, JabatanKind
from pilots.jobs import ROSTER_CHECK, ROSTER_COMMIT
from pilots.models import Opd, OpdKind, Pegawai, RosterImport, UnitKerja
from pilots.services.roster import write_roster_workbook
from pilots.services.roster_import import roster_import_commit, roster_import_store, roster_import_upload

FIRST_NAMES = [
    "Andi",
    "Muhammad",
    "Sitti",
    "Nurul",
    "Ahmad",
    "Fatimah",
    "Rahmat",
    "Asriani",
    "Syamsul",
    "Hasnah",
    "Arafah",
    "Nur",
    "Abdul",
    "Rosmawati",
    "Irwan",
    "Suryani",
    "Baso",
    "Hikmah",
    "Ilham",
    "Wahyuni",
]
LAST_NAMES = [
    "Mappaware",
    "Pawellangi",
    "Latief",
    "Sommeng",
    "Tarawe",
    "Kamaruddin",
    "Daeng Nai",
    "Tompo",
    "Rahman",
    "Yusuf",
    "Abdullah",
    "Hasanuddin",
    "Patunru",
    "Mattalatta",
    "Sikki",
    "Rauf",
    "Makkulau",
    "Bandu",
]
JABATAN = [
    ("Pranata Komputer Ahli Pertama", JabatanKind.AHLI_PERTAMA),
    ("Analis Kebijakan Ahli Muda", JabatanKind.AHLI_MUDA),
    ("Perawat Terampil", JabatanKind.TERAMPIL),
    ("Arsiparis Penyelia", JabatanKind.PENYELIA),
    ("Pengadministrasi Umum", JabatanKind.PELAKSANA),
    ("Pengelola Keuangan", JabatanKind.PELAKSANA),
    ("Kepala Seksi Pelayanan", JabatanKind.PENGAWAS),
]
UNITS = [f"Bidang {name}" for name in ("Layanan", "Program", "Pengolahan", "Umum", "Keuangan")] + [
    f"Instalasi Rawat Inap {n}" for n in range(1, 36)
]


def _nip(rng, pppk):
    birth_year = rng.randint(1965, 1999)
    appointment_year = rng.randint(birth_year + 20, min(birth_year + 35, 2024))
    middle = rng.randint(13, 99) if pppk else rng.randint(1, 12)  # an NI PPPK has no TMT month
    return (
        f"{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{appointment_year}{middle:02d}{rng.choice('12')}{rng.randint(1, 999):03d}"
    )


def generate_rows(count, *, seed=2025, taken=frozenset()):
    """`count` valid, distinct roster rows in the export's column order; 1 in 10 is a PPPK."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    rows, seen, heads = [], set(taken), []
    while len(rows) < count:
        pppk = rng.random() < 0.1
        nip = _nip(rng, pppk)
        if nip in seen:
            continue
        seen.add(nip)
        jabatan, kind = rng.choice(JABATAN)
        golongan = rng.choice(PPPK_GOLONGAN[4:11]) if pppk else rng.choice(list(PANGKAT)[4:14])
        rows.append(
            [
                nip,
                f"{rng.choice(FIRST_NAMES)} {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "PPPK" if pppk else "PNS",
                jabatan,
                str(JabatanKind(kind).label),
                golongan,
                PANGKAT.get(golongan, ""),
                rng.choice(UNITS),
                "",
                # A PPPK works under a contract (its dates are columns of the export since issue 9).
                "01-04-2024" if pppk else "",
                "31-03-2029" if pppk else "",
                # The atasan langsung (a column of the export since issue 14): one of the first 50 PNS
                # of the file for everyone after them, as a unit's heads are listed first.
                rng.choice(heads) if heads else "",
            ]
        )
        if not pppk and len(heads) < 50:
            heads.append(nip)
    return rows


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Time the roster import (read+check, commit, re-import, update) on a generated XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=20_000, help="rows in the generated file (20000)")
        parser.add_argument("--keep", action="store_true", help="keep the benchmark OPD and its staff")
        parser.add_argument("--skip-memory", action="store_true", help="skip the second, tracemalloc pass")
        parser.add_argument(
            "--through-jobs", action="store_true", help="run each import as the two jobs, in a fresh worker process"
        )
        # Used by --through-jobs: the worker process imports one file into one OPD.
        parser.add_argument("--worker-file", help="(internal) file the worker process imports")
        parser.add_argument("--worker-opd", type=int, help="(internal) OPD the worker process imports into")

    def handle(self, *args, rows, keep, skip_memory, through_jobs, worker_file, worker_opd, **options):
        if worker_file:
            return self._worker(Path(worker_file), worker_opd)
        if through_jobs:
            return self._through_jobs(rows, keep)
        with tempfile.TemporaryDirectory() as folder:
            new_file, changed_file = self._files(Path(folder), rows)
            size = new_file.stat().st_size
            self.stdout.write(
                f"Roster import benchmark: {rows:,} rows, XLSX {size / 1_048_576:.1f} MB, "
                f"database {connection.vendor}, {time.strftime('%Y-%m-%d %H:%M')}"
            )
            timings = self._run(new_file, changed_file, rows, trace=False, keep=keep and skip_memory)
            peaks = {} if skip_memory else self._run(new_file, changed_file, rows, trace=True, keep=keep)
        self.stdout.write(f"{'phase':<52}{'seconds':>9}{'queries':>9}{'peak MB':>9}")
        total = 0.0
        for label, (seconds, queries, _peak) in timings.items():
            total += seconds
            peak = peaks.get(label, (0, 0, None))[2]
            peak_text = f"{peak / 1_048_576:9.1f}" if peak is not None else f"{'-':>9}"
            self.stdout.write(f"{label:<52}{seconds:9.2f}{queries:9d}{peak_text}")
        self.stdout.write(f"{'total (timed pass, without tracemalloc)':<52}{total:9.2f}")
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"max resident set size of the process: {max_rss:.0f} MB")

    def _through_jobs(self, count, keep):
        user, made_user = self._user()
        opd = Opd.objects.create(name=f"OPD Uji Kinerja Job {timezone.now():%Y%m%d%H%M%S%f}", kind=OpdKind.DINAS)
        self.stdout.write(
            f"Roster import through the jobs, one fresh worker process per import: {count:,} rows, "
            f"database {connection.vendor}, {time.strftime('%Y-%m-%d %H:%M')}"
        )
        self.stdout.write(f"{'import':<34}{'check s':>9}{'commit s':>9}{'process s':>10}{'peak RSS MB':>12}")
        try:
            with tempfile.TemporaryDirectory() as folder:
                new_file, changed_file = self._files(Path(folder), count)
                for label, path in (("new file (all inserts)", new_file), ("changed file (all updates)", changed_file)):
                    started = time.perf_counter()
                    worker = subprocess.run(  # noqa: S603 - this command, with paths it made itself
                        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark_roster_import"]
                        + ["--worker-file", str(path), "--worker-opd", str(opd.pk)],
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    seconds = time.perf_counter() - started
                    if worker.returncode != 0:
                        raise CommandError(f"worker failed: {worker.stderr[-2000:]}")
                    check, commit, rss = worker.stdout.split()[-3:]
                    self.stdout.write(
                        f"{label:<34}{float(check):9.2f}{float(commit):9.2f}{seconds:10.2f}{float(rss):12.0f}"
                    )
            if Pegawai.objects.filter(opd=opd).count() != count:
                raise CommandError("the import duplicated or lost staff")
        finally:
            if not keep:
                Pegawai.objects.filter(opd=opd).delete()
                UnitKerja.objects.filter(opd=opd).delete()
                RosterImport.objects.filter(opd=opd).delete()
                opd.delete()
                if made_user:
                    user.delete()

    def _worker(self, path, opd_pk):
        """One import as a worker runs it: the upload view's part, then the two jobs through the
        job runner. Prints the check's and the commit's wall time and this process's peak RSS."""
        opd = Opd.objects.get(pk=opd_pk)
        user, _made = self._user()
        with path.open("rb") as stream:
            upload = File(stream, name=path.name)
            upload.size = path.stat().st_size
            roster_import = roster_import_store(opd=opd, uploaded_by=user, upload=upload)
        seconds = []
        for kind in (ROSTER_CHECK, ROSTER_COMMIT):
            started = time.perf_counter()
            job = start_job(user=user, kind=kind, label=f"benchmark {kind}", params={"roster_import": roster_import.pk})
            seconds.append(time.perf_counter() - started)
            if job.state != JobState.DONE:
                raise CommandError(f"job {kind} ended {job.state}: {job.error}")
        Job.objects.filter(label__startswith="benchmark ", owner=user).delete()
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"{seconds[0]:.2f} {seconds[1]:.2f} {max_rss:.0f}")

    def _files(self, folder, count):
        taken = set(Pegawai.objects.values_list("nip", flat=True))
        rows = generate_rows(count, taken=frozenset(taken))
        new_file = folder / "roster-new.xlsx"
        with new_file.open("wb") as stream:
            write_roster_workbook(rows, stream, sheet_title="Benchmark")
        for row in rows:  # every row changes: a promotion and another unit
            row[3] = "Analis Sumber Daya Manusia Aparatur Ahli Muda"
            row[4] = str(JabatanKind.AHLI_MUDA.label)
            row[7] = "Bagian Kepegawaian"
        changed_file = folder / "roster-changed.xlsx"
        with changed_file.open("wb") as stream:
            write_roster_workbook(rows, stream, sheet_title="Benchmark")
        return new_file, changed_file

    @contextmanager
    def _measure(self, results, label, trace):
        counter = QueryCounter()
        if trace:
            tracemalloc.reset_peak()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            yield
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else None
        results[label] = (seconds, counter.count, peak)

    def _run(self, new_file, changed_file, count, *, trace, keep):
        user, made_user = self._user()
        opd = Opd.objects.create(name=f"OPD Uji Kinerja Impor {timezone.now():%Y%m%d%H%M%S%f}", kind=OpdKind.DINAS)
        results = {}
        if trace:
            tracemalloc.start()
        try:
            steps = [
                (new_file, f"1. upload: read + check ({count:,} new)", "2. commit: insert"),
                (new_file, "3. upload same file again (all unchanged)", "4. commit: nothing to write"),
                (changed_file, "5. upload changed file (all updated)", "6. commit: update"),
            ]
            for path, check_label, commit_label in steps:
                with path.open("rb") as stream:
                    upload = File(stream, name=path.name)
                    with self._measure(results, check_label, trace):
                        roster_import = roster_import_upload(opd=opd, uploaded_by=user, upload=upload)
                if roster_import.errors:
                    raise CommandError(f"benchmark file rejected: {roster_import.errors[:3]}")
                with self._measure(results, commit_label, trace):
                    roster_import_commit(roster_import=roster_import)
            if Pegawai.objects.filter(opd=opd).count() != count:
                raise CommandError("the import duplicated or lost staff")
        finally:
            if trace:
                tracemalloc.stop()
            if not keep:
                Pegawai.objects.filter(opd=opd).delete()
                UnitKerja.objects.filter(opd=opd).delete()
                RosterImport.objects.filter(opd=opd).delete()
                opd.delete()
                if made_user:
                    user.delete()
        return results

    def _user(self):
        admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
        if admin:
            return admin, False
        user = User.objects.create(username=f"benchmark.{timezone.now():%H%M%S%f}", role=Role.ADMIN)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return user, True
