"""The first item set of the learning-culture questionnaire: two statements per dimension,
answered on a Likert scale 1 (sangat tidak setuju) to 5 (sangat setuju). The admin edits them
afterwards in the Django admin."""

from django.db import migrations

ITEMS = [
    ("dukungan_pimpinan", "Atasan saya mendorong saya untuk mempelajari hal baru dalam pekerjaan."),
    ("dukungan_pimpinan", "Pimpinan unit saya memberi contoh dengan ikut belajar dan berbagi pengalaman."),
    ("berbagi_pengetahuan", "Rekan kerja saya terbiasa berbagi cara kerja yang baik satu sama lain."),
    ("berbagi_pengetahuan", "Di unit saya ada kesempatan rutin untuk berbagi pengetahuan (diskusi, coaching)."),
    ("waktu_belajar", "Saya mendapat waktu di jam kerja untuk belajar atau mengikuti pengembangan kompetensi."),
    ("waktu_belajar", "Beban kerja saya masih memberi ruang untuk merenungkan dan memperbaiki cara kerja."),
    ("penerapan", "Saya dapat menerapkan hasil belajar saya langsung dalam pekerjaan sehari-hari."),
    ("penerapan", "Atasan saya menanyakan dan mendukung penerapan hal yang baru saya pelajari."),
    ("inisiatif", "Saya mencari sendiri sumber belajar ketika menghadapi masalah dalam pekerjaan."),
    ("inisiatif", "Saya menyusun sendiri target belajar untuk meningkatkan kinerja saya."),
]


def seed(apps, schema_editor):
    CultureQuestion = apps.get_model("insights", "CultureQuestion")
    if CultureQuestion.objects.exists():
        return
    CultureQuestion.objects.bulk_create(
        CultureQuestion(text=text, dimension=dimension, order=(index + 1) * 10, active=True)
        for index, (dimension, text) in enumerate(ITEMS)
    )


def unseed(apps, schema_editor):
    CultureQuestion = apps.get_model("insights", "CultureQuestion")
    CultureQuestion.objects.filter(text__in=[text for _dimension, text in ITEMS], answers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0006_culture_questionnaire_answered_by_pegawai")]

    operations = [migrations.RunPython(seed, unseed)]
