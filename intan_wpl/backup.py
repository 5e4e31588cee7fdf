"""Backup and restore of a whole installation (issue 13, item 8): the database and the uploaded
files, in one archive that restores into an empty installation (docs/backup.md).

The archive (.tar.gz) holds:
- data.jsonl: every row of every table, as Django's dumpdata writes it (JSON lines, natural keys
  for content types and permissions, which `migrate` creates in the new installation), so it
  restores into SQLite or PostgreSQL alike and keeps every primary key;
- media/: every uploaded file (decrees, session files, rosters waiting for commit);
- manifest.json: when, which migrations, the row count of every table and the SHA-256 of every
  file, which the restore checks afterwards: it fails loudly when anything differs.
"""

import hashlib
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

FORMAT = 1
DATA = "data.jsonl"
MANIFEST = "manifest.json"
MEDIA = "media"
# Created by `migrate` in every installation; rows elsewhere refer to them by natural key.
NOT_DUMPED = ["contenttypes", "auth.permission"]


class RestoreError(Exception):
    pass


def row_counts():
    """{table label: rows} for every model, auto-created many-to-many tables included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label_lower] = model._base_manager.count()
    return dict(sorted(counts.items()))


def media_files(root=None):
    """{relative path: sha256} of every file under MEDIA_ROOT."""
    root = Path(root or settings.MEDIA_ROOT)
    files = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[path.relative_to(root).as_posix()] = _sha256(path)
    return files


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _migrations():
    applied = MigrationRecorder(connection).applied_migrations()
    latest = {}
    for app_label, name in applied:
        latest[app_label] = max(latest.get(app_label, ""), name)
    return dict(sorted(latest.items()))


def backup_create(output):
    """Write the archive to `output` (a path); returns the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / DATA
        call_command(
            "dumpdata",
            format="jsonl",
            natural_foreign=True,
            exclude=NOT_DUMPED,
            output=str(data),
            verbosity=0,
        )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": _migrations(),
            "rows": row_counts(),
            "files": media_files(),
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        with tarfile.open(output, "w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(data, arcname=DATA)
            media_root = Path(settings.MEDIA_ROOT)
            for relative in manifest["files"]:
                archive.add(media_root / relative, arcname=f"{MEDIA}/{relative}")
    return manifest


def _read_manifest(archive):
    try:
        return json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise RestoreError("Arsip ini bukan cadangan INTAN-WPL (manifest.json tidak ada atau rusak).") from error


def _check_empty():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if user_model._base_manager.exists():
        raise RestoreError(
            "Basis data tujuan sudah berisi pengguna: pemulihan hanya ke instalasi kosong "
            "(basis data baru yang sudah di-migrate, tanpa data)."
        )
    if media_files():
        raise RestoreError(
            f"Folder unggahan tujuan ({settings.MEDIA_ROOT}) tidak kosong: pemulihan hanya ke folder kosong."
        )


def _safe_members(archive):
    for member in archive.getmembers():
        name = member.name
        if not name.startswith(f"{MEDIA}/") or not member.isfile():
            continue
        relative = Path(name[len(MEDIA) + 1 :])
        if relative.is_absolute() or ".." in relative.parts:
            raise RestoreError(f"Arsip memuat jalur berkas yang tidak aman: {name}")
        yield member, relative


def backup_restore(path):
    """Restore the archive at `path` into this (empty) installation: migrate, load every row,
    put back every file, then compare row counts and file hashes with the manifest. Returns the
    differences (empty when the restore is exact); raises RestoreError before writing anything
    when the installation is not empty or the archive does not fit its code."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = _read_manifest(archive)
        call_command("migrate", interactive=False, verbosity=0)
        if manifest["migrations"] != _migrations():
            raise RestoreError(
                "Migrasi kode ini tidak sama dengan migrasi saat cadangan dibuat: pulihkan dengan versi portal "
                "yang sama, lalu perbarui."
            )
        _check_empty()
        # Reference rows that migrations seed (competencies, development forms) come back from
        # the backup with their own ids: start from empty tables.
        call_command("flush", interactive=False, verbosity=0)
        with tempfile.TemporaryDirectory() as work:
            data = Path(work) / DATA
            with archive.extractfile(DATA) as source, open(data, "wb") as out:
                while chunk := source.read(1024 * 1024):
                    out.write(chunk)
            # The history rows come from the backup: loading must not write new ones (setting the
            # many-to-many of a row would, since simple-history records those changes).
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(data), verbosity=0)
        media_root = Path(settings.MEDIA_ROOT)
        for member, relative in _safe_members(archive):
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as out:
                while chunk := source.read(1024 * 1024):
                    out.write(chunk)
    differences = []
    for label, expected in manifest["rows"].items():
        found = row_counts().get(label) if label not in ("contenttypes.contenttype", "auth.permission") else None
        if found is not None and found != expected:
            differences.append(f"{label}: {found} baris, cadangan {expected}")
    files = media_files()
    if files != manifest["files"]:
        missing = set(manifest["files"]) - set(files)
        changed = {name for name in set(files) & set(manifest["files"]) if files[name] != manifest["files"][name]}
        differences += [f"berkas hilang: {name}" for name in sorted(missing)]
        differences += [f"berkas berbeda: {name}" for name in sorted(changed)]
    return manifest, differences
