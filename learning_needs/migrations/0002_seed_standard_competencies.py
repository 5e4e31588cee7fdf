from django.db import migrations

# Permen PANRB 38/2017: the eight managerial competencies and the socio-cultural one.
STANDARD = [
    ("manajerial", "M.01", "Integritas"),
    ("manajerial", "M.02", "Kerja Sama"),
    ("manajerial", "M.03", "Komunikasi"),
    ("manajerial", "M.04", "Orientasi pada Hasil"),
    ("manajerial", "M.05", "Pelayanan Publik"),
    ("manajerial", "M.06", "Pengembangan Diri dan Orang Lain"),
    ("manajerial", "M.07", "Mengelola Perubahan"),
    ("manajerial", "M.08", "Pengambilan Keputusan"),
    ("sosial_kultural", "SK.01", "Perekat Bangsa"),
]


def seed(apps, schema_editor):
    Competency = apps.get_model("learning_needs", "Competency")
    for group, code, name in STANDARD:
        Competency.objects.update_or_create(opd=None, code=code, defaults={"group": group, "name": name})


def unseed(apps, schema_editor):
    Competency = apps.get_model("learning_needs", "Competency")
    Competency.objects.filter(opd=None, code__in=[code for _, code, _ in STANDARD]).delete()


class Migration(migrations.Migration):
    dependencies = [("learning_needs", "0001_field_work")]

    operations = [migrations.RunPython(seed, unseed)]
