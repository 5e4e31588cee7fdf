"""Set the instance profile at install from a JSON file, or print the one in force.

    manage.py instance_profile --show > profil.json     # the current profile, to edit
    manage.py instance_profile profil.json               # load it (every field optional)

The same rules as the admin's page apply (intan_wpl.services.profile); the change is on record."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.forms.models import model_to_dict

from intan_wpl.selectors.profile import get_instance_profile
from intan_wpl.services.profile import EDITABLE_FIELDS, instance_profile_update


class Command(BaseCommand):
    help = "Tetapkan profil instansi dari berkas JSON (saat pemasangan), atau tampilkan profil yang berlaku."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="berkas JSON berisi field profil")
        parser.add_argument("--show", action="store_true", help="cetak profil yang berlaku sebagai JSON")

    def handle(self, *args, file=None, show=False, **options):
        if show or not file:
            profile = model_to_dict(get_instance_profile(), fields=EDITABLE_FIELDS)
            self.stdout.write(json.dumps(profile, ensure_ascii=False, indent=2))
            return
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Berkas {file} tidak dapat dibaca sebagai JSON: {error}") from error
        unknown = sorted(set(data) - set(EDITABLE_FIELDS))
        if unknown:
            raise CommandError(f"Field tidak dikenal: {', '.join(unknown)}. Yang dikenal: {', '.join(EDITABLE_FIELDS)}")
        try:
            profile = instance_profile_update(**data)
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from error
        self.stdout.write(self.style.SUCCESS(f"Profil instansi disimpan: {profile}"))
