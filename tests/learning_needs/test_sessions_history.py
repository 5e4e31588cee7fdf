"""intan_wpl.history: the shared change log behind every Riwayat page (sessions use it; the
problem map reuses it). Values read as a person reads them, at a fixed query cost."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from intan_wpl.history import history_entries
from learning_needs.models import FieldSession, Problem
from tests.factories import FieldSessionFactory, ProblemFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db


def test_foreign_keys_choices_and_dates_read_as_words(programme_opd_a, widyaiswara_a, opd_a):
    first_unit = UnitKerjaFactory(opd=opd_a, name="Bidang Arsip")
    second_unit = UnitKerjaFactory(opd=opd_a, name="Bidang Layanan")
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, unit=first_unit)
    session.unit = second_unit
    session.kind = "coaching"
    session.date = date(2025, 8, 21)
    session.save()
    deleted_pk = first_unit.pk
    first_unit.delete()

    entries = history_entries(FieldSession.history.filter(id=session.pk).select_related("history_user"))
    changed = {c.label: (c.old, c.new) for c in entries[0].changes}
    assert changed["Unit kerja"] == (f"#{deleted_pk} (sudah dihapus)", "Bidang Layanan")
    assert changed["Jenis sesi"] == ("Observasi", "Coaching")
    assert changed["Tanggal"] == ("15-07-2025", "21-08-2025")
    assert [e.action for e in entries] == ["Diubah", "Dibuat"]


def test_many_to_many_changes_name_the_related_objects(programme_opd_a, widyaiswara_a):
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="Observasi loket")
    problem.sessions.add(session)
    problem.save()
    entries = history_entries(Problem.history.filter(id=problem.pk).select_related("history_user"))
    change = next(c for e in entries for c in e.changes if c.label == "Sesi yang menemukan")
    assert change.old == "—" and "Observasi loket" in change.new


def test_the_shared_template_renders_each_change(programme_opd_a, widyaiswara_a):
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="Awal")
    session.topic = "Akhir"
    session.save()
    html = render_to_string(
        "includes/history.html",
        {"entries": history_entries(FieldSession.history.filter(id=session.pk).select_related("history_user"))},
    )
    assert "Diubah" in html and "Topik" in html and "Awal" in html and "Akhir" in html
    assert (
        render_to_string("includes/history.html", {"entries": []}).strip().endswith("Belum ada riwayat perubahan.</p>")
    )
