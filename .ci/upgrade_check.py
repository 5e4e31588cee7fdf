"""A database built by an earlier main, with the demo loaded, migrates forward with every row
and every uploaded file kept (issue "The tree tells the journey", item 5).

    .venv/bin/python .ci/upgrade_check.py [--base REF] [--database sqlite|postgres]

The earlier main (REF, default: the last commit before the apps were split) is taken out of
git into a temporary folder; its own `migrate` and `seed_demo` build the database and the
uploaded files there. Then today's `migrate` runs on that same database. Every table of the
old database must still hold the same number of rows, under its old name or under the name
learning_needs 0008 gave it; every uploaded file must be unchanged; content types follow the
models. Exits non-zero, saying what differs, otherwise.
"""

import argparse
import hashlib
import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The last commit of main before the apps were split (learning_needs held plans, records, insights).
DEFAULT_BASE = "0c9cabc"
GROWING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


def moved_tables():
    """{old table: new table} of learning_needs 0008 (imported from the migration itself)."""
    path = ROOT / "learning_needs/migrations/0008_move_tables_to_journey_apps.py"
    spec = importlib.util.spec_from_file_location("move_tables", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    renames = {}
    for app_label, models in module.MOVED.items():
        for model in models:
            renames[f"learning_needs_{model}"] = f"{app_label}_{model}"
    # Auto-created many-to-many tables are renamed with their model.
    for old, new in list(renames.items()):
        renames[f"{old}_"] = f"{new}_"
    return renames


def renamed(table, renames):
    if table in renames:
        return renames[table]
    for old, new in renames.items():
        if old.endswith("_") and table.startswith(old):
            return new + table[len(old) :]
    return table


def checkout(ref, target):
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True)
    if archive.returncode != 0:
        # A shallow clone may not have the commit yet.
        subprocess.run(["git", "fetch", "--quiet", "--unshallow"], cwd=ROOT, check=False)
        archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True)
    tar_path = Path(target).parent / "base.tar"
    tar_path.write_bytes(archive.stdout)
    with tarfile.open(tar_path) as tar:
        tar.extractall(target, filter="data")


def manage(code_dir, env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=code_dir, env=env, check=True)


class Database:
    def __init__(self, kind, workdir):
        self.kind = kind
        if kind == "sqlite":
            self.path = Path(workdir) / "upgrade.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"intan_wpl_upgrade_{os.getpid()}"
            self.admin_url = "postgres://postgres@127.0.0.1:5432/postgres"
            self.url = f"postgres://postgres@127.0.0.1:5432/{self.name}"

    def create(self):
        if self.kind == "postgres":
            self._admin(f"DROP DATABASE IF EXISTS {self.name}")
            self._admin(f"CREATE DATABASE {self.name}")

    def drop(self):
        if self.kind == "postgres":
            self._admin(f"DROP DATABASE IF EXISTS {self.name}")

    def _admin(self, sql):
        connection = psycopg2.connect(self.admin_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
        connection.close()

    def counts(self):
        if self.kind == "sqlite":
            connection = sqlite3.connect(self.path)
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            counts = {table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
            connection.close()
            return counts
        connection = psycopg2.connect(self.url)
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [name for (name,) in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
        connection.close()
        return counts

    def content_types(self):
        query = "SELECT app_label, model FROM django_content_type"
        if self.kind == "sqlite":
            connection = sqlite3.connect(self.path)
            rows = set(connection.execute(query).fetchall())
            connection.close()
            return rows
        connection = psycopg2.connect(self.url)
        with connection.cursor() as cursor:
            cursor.execute(query)
            rows = set(cursor.fetchall())
        connection.close()
        return rows


def files_of(media):
    return {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(media).rglob("*"))
        if path.is_file()
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=DEFAULT_BASE, help="the earlier main to upgrade from")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    options = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="intan-wpl-upgrade-")
    database = Database(options.database, workdir)
    media = Path(workdir) / "media"
    base = Path(workdir) / "base"
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database.url,
        "MEDIA_ROOT": str(media),
        "CACHE_URL": "locmemcache://",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    problems = []
    try:
        checkout(options.base, base)
        database.create()
        print(f"== {options.base} on {options.database}: migrate and load the demo")
        manage(base, env, "migrate", "--noinput", "-v0")
        manage(base, env, "seed_demo")
        before = database.counts()
        files_before = files_of(media)
        types_before = database.content_types()

        print("== today's main: migrate forward")
        manage(ROOT, env, "migrate", "--noinput", "-v0")
        after = database.counts()
        files_after = files_of(media)
        types_after = database.content_types()

        renames = moved_tables()
        for table, count in sorted(before.items()):
            if table in GROWING_TABLES:
                continue
            new = renamed(table, renames)
            if new not in after:
                problems.append(f"table {table} (expected as {new}) is gone")
            elif after[new] != count:
                problems.append(f"table {new}: {count} rows before, {after[new]} after")
        if files_before != files_after:
            problems.append(f"uploaded files changed: {sorted(set(files_before) ^ set(files_after))}")
        for app_label, model in sorted(types_before):
            if app_label == "learning_needs" and f"learning_needs_{model}" in renames:
                moved_to = renames[f"learning_needs_{model}"].split("_" + model)[0]
                if (moved_to, model) not in types_after:
                    problems.append(f"content type learning_needs.{model} did not move to {moved_to}")
            elif (app_label, model) not in types_after:
                problems.append(f"content type {app_label}.{model} is gone")
        kept = sum(count for table, count in before.items() if table not in GROWING_TABLES)
        print(f"   {len(before)} tables, {kept} rows, {len(files_before)} uploaded files compared")
    finally:
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)
    if problems:
        print("UPGRADE CHECK FAILED:")
        for problem in problems:
            print(" -", problem)
        sys.exit(1)
    print("== every row, file and content type kept")


if __name__ == "__main__":
    main()
