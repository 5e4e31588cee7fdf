"""The first item set of the reaction evaluation (Kirkpatrick level 1) the attendees answer on a
Likert scale 1-5. The admin edits them afterwards in the Django admin."""

from django.db import migrations

ITEMS = [
    "Materi kegiatan ini relevan dengan pekerjaan saya.",
    "Cara penyampaian (fasilitator, coach atau mentor) membantu saya memahami materi.",
    "Waktu dan tempat kegiatan memadai.",
    "Saya akan menerapkan hal yang saya pelajari dalam pekerjaan.",
    "Secara keseluruhan saya puas dengan kegiatan ini.",
]


def seed(apps, schema_editor):
    ReactionQuestion = apps.get_model("learning_records", "ReactionQuestion")
    if ReactionQuestion.objects.exists():
        return
    ReactionQuestion.objects.bulk_create(
        ReactionQuestion(text=text, order=(index + 1) * 10, active=True) for index, text in enumerate(ITEMS)
    )


def unseed(apps, schema_editor):
    ReactionQuestion = apps.get_model("learning_records", "ReactionQuestion")
    ReactionQuestion.objects.filter(text__in=ITEMS, answers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("learning_records", "0006_reaction_evaluation_by_attendees")]

    operations = [migrations.RunPython(seed, unseed)]
