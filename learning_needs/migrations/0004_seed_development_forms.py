from decimal import Decimal

from django.db import migrations

# Peraturan LAN 10/2018 forms with BKN SIASN's jenis diklat ids (DOMAIN.md). Family, JP and
# cost are starting values the BPSDM admin edits in the portal.
FORMS = [
    # code, name, jalur, siasn id, family, jp rule, default JP, typical cost
    ("KL01", "Pelatihan Struktural Kepemimpinan", "klasikal", 1, "formal", "per_activity", 40, 25000000),
    ("KL02", "Pelatihan Manajerial", "klasikal", 5, "formal", "per_activity", 24, 7500000),
    ("KL03", "Pelatihan Teknis", "klasikal", 3, "formal", "per_activity", 24, 7500000),
    ("KL04", "Pelatihan Fungsional", "klasikal", 2, "formal", "per_activity", 40, 12000000),
    ("KL05", "Pelatihan Sosial Kultural", "klasikal", 6, "formal", "per_activity", 16, 5000000),
    ("KL06", "Seminar/Konferensi/Sarasehan", "klasikal", 9, "formal", "per_activity", 8, 2500000),
    ("KL07", "Workshop/Lokakarya", "klasikal", 4, "formal", "per_activity", 16, 5000000),
    ("KL08", "Kursus", "klasikal", 11, "formal", "per_activity", 16, 4000000),
    ("KL09", "Penataran", "klasikal", 12, "formal", "per_activity", 16, 4000000),
    ("KL10", "Bimbingan Teknis", "klasikal", 8, "formal", "per_activity", 16, 5000000),
    ("KL11", "Sosialisasi", "klasikal", 7, "formal", "per_activity", 4, 1500000),
    ("KL12", "Pelatihan Klasikal Lainnya", "klasikal", 13, "formal", "per_activity", 8, 2500000),
    ("NKL01", "Coaching", "nonklasikal", 14, "sosial", "by_duration", 2, 0),
    ("NKL02", "Mentoring", "nonklasikal", 15, "sosial", "by_duration", 2, 0),
    ("NKL03", "E-learning", "nonklasikal", 16, "formal", "per_activity", 8, 500000),
    ("NKL04", "Pelatihan Jarak Jauh", "nonklasikal", 17, "formal", "per_activity", 16, 1500000),
    ("NKL05", "Detasering (Secondment)", "nonklasikal", 18, "pengalaman", "per_activity", 20, 3000000),
    ("NKL06", "Pembelajaran Alam Terbuka (Outbound)", "nonklasikal", 19, "pengalaman", "per_activity", 8, 3000000),
    ("NKL07", "Patok Banding (Benchmarking)", "nonklasikal", 20, "sosial", "per_activity", 8, 6000000),
    (
        "NKL08",
        "Pertukaran antara PNS dengan Pegawai Swasta/BUMN/BUMD",
        "nonklasikal",
        21,
        "pengalaman",
        "per_activity",
        20,
        0,
    ),
    ("NKL09", "Belajar Mandiri (Self Development)", "nonklasikal", 22, "formal", "by_duration", 4, 0),
    ("NKL10", "Komunitas Belajar (Community of Practices)", "nonklasikal", 23, "sosial", "by_duration", 2, 0),
    ("NKL11", "Bimbingan di Tempat Kerja", "nonklasikal", 24, "sosial", "by_duration", 2, 0),
    ("NKL12", "Magang/Praktik Kerja", "nonklasikal", 10, "pengalaman", "per_activity", 20, 2000000),
    (
        "NKL13",
        "Pembelajaran Nonklasikal Lainnya (penugasan, proyek di tempat kerja)",
        "nonklasikal",
        25,
        "pengalaman",
        "per_activity",
        10,
        0,
    ),
]


def seed(apps, schema_editor):
    DevelopmentForm = apps.get_model("learning_needs", "DevelopmentForm")
    for code, name, jalur, siasn, family, rule, jp, cost in FORMS:
        DevelopmentForm.objects.update_or_create(
            lan_code=code,
            defaults={
                "name": name,
                "jalur": jalur,
                "siasn_jenis_diklat_id": siasn,
                "family": family,
                "jp_rule": rule,
                "default_jp": Decimal(jp),
                "typical_cost": Decimal(cost),
            },
        )
    apps.get_model("learning_needs", "LearningSettings").objects.get_or_create(pk=1)


def unseed(apps, schema_editor):
    apps.get_model("learning_needs", "DevelopmentForm").objects.filter(lan_code__in=[f[0] for f in FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("learning_needs", "0003_learning_plans_realisation_evaluation")]

    operations = [migrations.RunPython(seed, unseed)]
