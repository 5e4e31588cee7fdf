"""Reference data seeded by migrations comes back after a flush, without undoing admin edits."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from demo.reference_data import ensure_reference_data
from learning_needs.models import Competency
from learning_plans.models import DevelopmentForm, LearningPlan, LearningSettings

pytestmark = pytest.mark.django_db


def test_a_flushed_catalogue_and_dictionary_are_restored():
    Competency.objects.all().delete()
    DevelopmentForm.objects.all().delete()
    LearningSettings.objects.all().delete()
    ensure_reference_data()
    assert set(Competency.objects.filter(opd=None).values_list("code", flat=True)) == {
        "M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01",
    }  # fmt: skip
    assert DevelopmentForm.objects.filter(lan_code__startswith="KL").count() == 12
    assert DevelopmentForm.objects.filter(lan_code__startswith="NKL").count() == 13
    assert DevelopmentForm.objects.get(lan_code="NKL12").siasn_jenis_diklat_id == 10
    assert LearningSettings.load().pns_min_jp == 20


def test_existing_rows_and_admin_edits_are_left_alone():
    form = DevelopmentForm.objects.get(lan_code="KL03")
    form.default_jp = Decimal("30")
    form.save()
    ensure_reference_data()
    form.refresh_from_db()
    assert form.default_jp == Decimal("30")
    assert DevelopmentForm.objects.count() == 25


def test_seed_demo_works_on_a_flushed_database(settings):
    Competency.objects.all().delete()
    DevelopmentForm.objects.all().delete()
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert LearningPlan.objects.exists()
