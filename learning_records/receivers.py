"""The JP ledger follows every change it depends on, whichever app makes it (connected in
LearningRecordsConfig.ready)."""

from django.dispatch import receiver

from learning_plans.signals import learning_settings_changed
from learning_records.services.realisation import recap_after_settings_change, recompute_people
from pilots.signals import employment_changed


@receiver(employment_changed, dispatch_uid="learning_records.employment_changed")
def reapply_cap_to_reclassified_staff(sender, pegawai_ids, **kwargs):
    recompute_people(pegawai_ids=pegawai_ids)


@receiver(learning_settings_changed, dispatch_uid="learning_records.learning_settings_changed")
def reapply_cap_after_settings_change(sender, changed, **kwargs):
    recap_after_settings_change(changed=changed)
