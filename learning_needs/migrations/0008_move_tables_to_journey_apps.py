"""The learning plans, realisation and JP, culture surveys, joint programmes and notifications
move out of learning_needs into the apps of their step of the journey (learning_plans,
learning_records, insights, intan_wpl). Their tables are renamed to the new apps' names here,
keeping every row and every history record; the new apps then take the models over in their
state only (their 0001 migrations), and learning_needs 0009 lets go of them. Content types (and
with them permissions and admin log entries) follow the models."""

from django.db import migrations

MOVED = {
    "learning_plans": [
        "developmentform",
        "learningsettings",
        "historicallearningsettings",
        "learningplan",
        "historicallearningplan",
        "planactivity",
        "historicalplanactivity",
        "historicalplanactivity_needs",
        "historicalplanactivity_participants",
        "plantransition",
        "plancomment",
    ],
    "learning_records": ["realisation", "historicalrealisation", "jpcredit", "evaluation", "historicalevaluation"],
    "insights": ["culturesurvey", "culturesurveyscore", "jointprogramme"],
    "intan_wpl": ["notification"],
}


def move_content_types(apps, schema_editor, *, forwards=True):
    content_type = apps.get_model("contenttypes", "ContentType")
    for app_label, models in MOVED.items():
        old, new = ("learning_needs", app_label) if forwards else (app_label, "learning_needs")
        for model in models:
            if content_type.objects.filter(app_label=new, model=model).exists():
                continue
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("learning_needs", "0007_pg_trgm_extension"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name=name, table=f"{app_label}_{name}")
        for app_label, names in MOVED.items()
        for name in names
    ] + [migrations.RunPython(move_content_types, backwards)]
