"""Demo sessions for seed_demo: realistic field work at the five pilot OPDs, idempotent, and
still working when no roster has been seeded."""

import pytest

from demo.builders import registry as pilots_demo
from demo.builders import sessions as demo_sessions
from learning_needs.models import FieldSession, FollowUp, SessionParticipant, SessionSeries
from pilots.models import AssignmentRole, Pegawai
from tests.factories import AssignmentFactory, ProgrammeOpdFactory, UserFactory

pytestmark = pytest.mark.django_db


def counts():
    return (
        FieldSession.objects.count(),
        SessionParticipant.objects.count(),
        FollowUp.objects.count(),
        SessionSeries.objects.count(),
        FieldSession.history.count(),
    )


def test_the_demo_fills_every_pilot_opd_and_runs_twice_without_duplicates():
    _accounts, programme_opds = pilots_demo.seed()
    created = demo_sessions.seed(programme_opds)
    first = counts()
    assert created == first[0] > 10
    for abbreviation, programme_opd in programme_opds.items():
        sessions = FieldSession.objects.filter(programme_opd=programme_opd)
        assert sessions.count() >= 2, abbreviation
        # Everyone recorded as present is a Widyaiswara assigned to that OPD.
        assigned = set(programme_opd.assignments.values_list("widyaiswara_id", flat=True))
        for session in sessions:
            assert set(session.widyaiswara.values_list("pk", flat=True)) <= assigned
            assert all(p.opd_id == programme_opd.opd_id for p in session.participants.all())

    assert demo_sessions.seed(programme_opds) == 0
    assert counts() == first


def test_the_hospital_has_a_shift_series_with_people_not_yet_reached():
    _accounts, programme_opds = pilots_demo.seed()
    demo_sessions.seed(programme_opds)
    series = SessionSeries.objects.get(programme_opd=programme_opds["RSUD LB"])
    assert series.unit.works_in_shifts
    assert {s.shift_label for s in series.sessions.all()} == {"pagi", "siang", "malam"}
    targets = set(series.target_participants.values_list("pk", flat=True))
    reached = set(
        SessionParticipant.objects.filter(session__series=series, attended=True).values_list("pegawai_id", flat=True)
    )
    assert targets and reached < targets


def test_the_demo_works_before_any_roster_exists(programme_opd_a, widyaiswara_a):
    assert not Pegawai.objects.exists()
    rsud = ProgrammeOpdFactory()
    AssignmentFactory(programme_opd=rsud, widyaiswara=UserFactory(), role=AssignmentRole.KETUA)
    created = demo_sessions.seed({"DPK": programme_opd_a, "RSUD LB": rsud})
    assert created == len(demo_sessions.SESSIONS["DPK"]) + len(demo_sessions.SESSIONS["RSUD LB"]) + 4
    assert not SessionParticipant.objects.exists()
    assert SessionSeries.objects.get().target_participants.count() == 0
