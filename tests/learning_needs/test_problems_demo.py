"""Demo problem maps: the five pilot OPDs at different stages, written by each OPD's ketua
Widyaiswara, and safe to seed again."""

import pytest

from demo.builders import problems as demo_problems
from demo.builders import registry as pilots_demo
from learning_needs.models import Cause, Competency, FieldSession, LearningNeed, Problem, Recommendation
from pilots.models import Assignment, AssignmentRole
from tests.factories import make_field_session, standard_competency

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_opds():
    standard_competency("M.01")
    result = pilots_demo.seed()
    programme_opds = result[1] if isinstance(result, tuple) else result
    return programme_opds


def counts():
    return (
        Problem.objects.count(),
        Cause.objects.count(),
        LearningNeed.objects.count(),
        Recommendation.objects.count(),
        Competency.objects.count(),
        Problem.history.count() + Cause.history.count() + LearningNeed.history.count(),
    )


def test_demo_maps_show_each_opd_at_its_own_stage(programme_opds):
    demo_problems.seed(programme_opds)

    def of(abbreviation):
        return programme_opds[abbreviation]

    for abbreviation in ["DPK", "DKP"]:
        assert Problem.objects.filter(programme_opd=of(abbreviation)).count() == 2
        assert LearningNeed.objects.filter(programme_opd=of(abbreviation)).count() >= 2
        assert Recommendation.objects.filter(cause__problem__programme_opd=of(abbreviation)).exists()
        depth_three = Cause.objects.filter(problem__programme_opd=of(abbreviation), parent__parent__isnull=False)
        assert depth_three.exists()
    assert Cause.objects.filter(problem__programme_opd=of("DPMPTSP")).count() >= 4
    assert not LearningNeed.objects.filter(programme_opd=of("DPMPTSP")).exists()
    assert Problem.objects.filter(programme_opd=of("Disbudpar")).count() == 1
    assert not Problem.objects.filter(programme_opd=of("RSUD LB")).exists()
    # Needs only hang on competency causes, recommendations only on non-competency ones.
    assert not LearningNeed.objects.exclude(cause__nature="kompetensi").exists()
    assert not Recommendation.objects.exclude(cause__nature="non_kompetensi").exists()
    # Technical competencies of a need belong to that need's OPD.
    for need in LearningNeed.objects.select_related("competency", "programme_opd"):
        assert need.competency.opd_id in (None, need.programme_opd.opd_id)
        need.full_clean()


def test_demo_rows_are_written_by_the_ketua_widyaiswara(programme_opds):
    demo_problems.seed(programme_opds)
    for problem in Problem.objects.select_related("programme_opd"):
        ketua = Assignment.objects.get(programme_opd=problem.programme_opd, role=AssignmentRole.KETUA).widyaiswara
        assert problem.created_by == ketua
        assert problem.history.earliest().history_user == ketua


def test_demo_links_existing_sessions(programme_opds):
    dpk = programme_opds["DPK"]
    ketua = Assignment.objects.get(programme_opd=dpk, role=AssignmentRole.KETUA).widyaiswara
    session = make_field_session(dpk, ketua, topic="Observasi record center")
    if FieldSession.objects.filter(programme_opd=dpk).count() != 1:
        pytest.skip("the sessions demo already seeded sessions here")
    demo_problems.seed(programme_opds)
    assert set(Problem.objects.filter(programme_opd=dpk).values_list("sessions", flat=True)) == {session.pk}
    assert Cause.objects.filter(problem__programme_opd=dpk, sessions=session).exists()


def test_seeding_twice_changes_nothing(programme_opds):
    demo_problems.seed(programme_opds)
    first = counts()
    demo_problems.seed(programme_opds)
    assert counts() == first
