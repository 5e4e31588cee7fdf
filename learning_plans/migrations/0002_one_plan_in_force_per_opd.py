from django.db import migrations, models


class Migration(migrations.Migration):
    """At most one approved version (the plan in force) per programme OPD: approving a newer
    version turns the one before into Digantikan (learning_plans.services.plans.plan_approve)."""

    dependencies = [
        ("learning_plans", "0001_initial"),
        ("learning_needs", "0009_hand_over_moved_models"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="learningplan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "disetujui")), fields=("programme_opd",), name="one_plan_in_force_per_opd"
            ),
        ),
    ]
