"""Reads of learning needs, recommendations and the OPD's competency dictionary: the ONE
definition of a need's priority, and the one way a view reaches each of them (the scope of
their programme OPD, learning_needs.selectors.scope)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import Role
from learning_needs.models import Competency, LearningNeed, Recommendation
from learning_needs.selectors.scope import (
    can_write_field_work,
    check_field_work_write,
    get_programme_opd_for_field_work,
    get_scoped_object,
)
from pilots.models import ProgrammeOpd

# --- Problem map, causes, recommendations, learning needs, competency dictionary -----------
# (problem-map part of issue 4). Causes, recommendations and needs are reached through their
# problem / programme OPD, so they share its scope.


class NeedPriority:
    """Priority of a learning need: the ONE definition (used by lists, details and the plan).

    score = USG total of the problem (U+S+G, 3-15) x competency gap (required - current, 1-4);
    Tinggi from 24, Sedang from 12, Rendah below 12.
    """

    HIGH_FROM = 24
    MEDIUM_FROM = 12
    TINGGI, SEDANG, RENDAH = "tinggi", "sedang", "rendah"
    LABELS = {TINGGI: _("Tinggi"), SEDANG: _("Sedang"), RENDAH: _("Rendah")}
    HELP = _(
        "Prioritas = skor USG masalah (U+S+G, 3–15) × kesenjangan kompetensi (level dipersyaratkan − "
        "level saat ini, 1–4). Tinggi bila skor ≥ 24, Sedang bila 12–23, Rendah bila di bawah 12."
    )

    @classmethod
    def label(cls, code):
        return cls.LABELS.get(code, "")


def needs_with_priority(queryset):
    """Annotate usg_total, gap_size, priority_score and priority (tinggi/sedang/rendah)."""
    return queryset.annotate(
        usg_total=F("cause__problem__urgency") + F("cause__problem__seriousness") + F("cause__problem__growth"),
        gap_size=F("required_level") - F("current_level"),
    ).annotate(
        priority_score=F("usg_total") * F("gap_size"),
        priority=Case(
            When(priority_score__gte=NeedPriority.HIGH_FROM, then=Value(NeedPriority.TINGGI)),
            When(priority_score__gte=NeedPriority.MEDIUM_FROM, then=Value(NeedPriority.SEDANG)),
            default=Value(NeedPriority.RENDAH),
        ),
    )


def get_recommendation_for_user(user, pk, *, write=False):
    recommendation = get_object_or_404(
        Recommendation.objects.filter(
            cause__problem__programme_opd__in=ProgrammeOpd.objects.visible_to(user)
        ).select_related("cause__problem__programme_opd__opd", "cause__problem__programme_opd__programme"),
        pk=pk,
    )
    if write:
        check_field_work_write(user, recommendation.cause.problem.programme_opd)
    return recommendation


def can_follow_up_recommendations(user, programme_opd):
    """The recommendations sent to an OPD are followed up by the Kepala OPD who heads it."""
    return (
        user.is_authenticated
        and user.role == Role.KEPALA_OPD
        and programme_opd.opd.head_id is not None
        and programme_opd.opd.head_id == user.pk
    )


def get_recommendation_for_follow_up(user, pk):
    """A recommendation in the user's scope (404 otherwise); 403 unless the OPD's Kepala OPD."""
    recommendation = get_recommendation_for_user(user, pk)
    if not can_follow_up_recommendations(user, recommendation.cause.problem.programme_opd):
        raise PermissionDenied
    return recommendation


def get_need_for_user(user, pk, *, write=False):
    return get_scoped_object(
        user,
        needs_with_priority(
            LearningNeed.objects.select_related("competency", "cause__problem", "skp_indicator__pegawai")
        ),
        pk,
        write=write,
    )


def can_edit_competencies(user, programme_opd):
    """The OPD's technical dictionary: its assigned Widyaiswara and the BPSDM admin edit it."""
    return user.is_authenticated and (user.role == Role.ADMIN or can_write_field_work(user, programme_opd))


def get_programme_opd_for_competencies(user, pk, *, write=False):
    programme_opd = get_programme_opd_for_field_work(user, pk)
    if write and not can_edit_competencies(user, programme_opd):
        raise PermissionDenied
    return programme_opd


def get_competency_for_user(user, programme_opd_pk, pk, *, write=False):
    """An OPD's own competency (standard ones are read-only: 404 here), under a programme OPD."""
    programme_opd = get_programme_opd_for_competencies(user, programme_opd_pk, write=write)
    competency = get_object_or_404(Competency.objects.filter(opd=programme_opd.opd_id), pk=pk)
    return programme_opd, competency


# The why-why tree: all causes of a problem in one query, the tree built in Python without
# recursion (a hostile or careless user may nest hundreds of levels).
