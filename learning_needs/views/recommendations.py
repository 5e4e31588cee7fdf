"""Pages for the non-training recommendations that non-competency causes turn into."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.concurrency import ConcurrentEditError
from intan_wpl.deletion import blocked_message, blockers_of
from intan_wpl.forms import add_service_errors, conflict_context
from intan_wpl.history import history_entries, redirect_if_deleted
from intan_wpl.listing import paginate
from intan_wpl.roles import STAFF_ROLES, role_required
from learning_needs.forms.recommendations import (
    RecommendationFollowUpForm,
    RecommendationForm,
    RecommendationStatusForm,
)
from learning_needs.models import CauseNature, Recommendation, RecommendationStatus
from learning_needs.selectors.needs import (
    can_follow_up_recommendations,
    get_recommendation_for_follow_up,
    get_recommendation_for_user,
)
from learning_needs.selectors.scope import can_write_field_work, get_programme_opd_for_field_work
from learning_needs.services import recommendations as services
from learning_needs.views.needs import preselected_cause

ALL_ROLES = STAFF_ROLES
TEMPLATES = "learning_needs/needs"
HISTORY_TEMPLATE = "learning_needs/problems/history.html"


# --- Recommendations (non-competency causes) ------------------------------------------------


@role_required(*ALL_ROLES)
def recommendation_list(request, programme_opd_pk):
    """What the OPD fixes without training, apart from the learning needs; filter by status."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    recommendations = Recommendation.objects.filter(cause__problem__programme_opd=programme_opd).select_related(
        "cause__problem", "responsible_unit"
    )
    status = request.GET.get("status", "")
    if status in RecommendationStatus.values:
        recommendations = recommendations.filter(status=status)
    page, query_string = paginate(request, recommendations.order_by("status", "due_date", "pk"))
    return render(
        request,
        f"{TEMPLATES}/recommendation_list.html",
        {
            "programme_opd": programme_opd,
            "page": page,
            "query_string": query_string,
            "statuses": RecommendationStatus.choices,
            "status": status,
            "can_write": can_write_field_work(request.user, programme_opd),
            "can_follow_up": can_follow_up_recommendations(request.user, programme_opd),
            "status_counts": _status_counts(programme_opd),
        },
    )


def _status_counts(programme_opd):
    """Open (not done) and done recommendations of the OPD, over every status filter."""
    counts = dict(
        Recommendation.objects.filter(cause__problem__programme_opd=programme_opd)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    done = counts.get(RecommendationStatus.SELESAI, 0)
    return {"open": sum(counts.values()) - done, "done": done}


@role_required(*ALL_ROLES)
def recommendation_follow_up(request, pk):
    """The Kepala OPD updates status, responsible unit, due date and progress note."""
    recommendation = get_recommendation_for_follow_up(request.user, pk)
    programme_opd = recommendation.cause.problem.programme_opd
    form = RecommendationFollowUpForm(
        request.POST if request.method == "POST" else None, instance=recommendation, programme_opd=programme_opd
    )
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            services.recommendation_follow_up(recommendation=recommendation, **form.cleaned_data)
        except ConcurrentEditError as error:
            conflict = conflict_context(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tindak lanjut rekomendasi disimpan."))
            return redirect("learning_needs:recommendation_list", programme_opd_pk=programme_opd.pk)
    return render(
        request,
        f"{TEMPLATES}/recommendation_follow_up.html",
        {"form": form, "programme_opd": programme_opd, "recommendation": recommendation, "conflict": conflict},
    )


@role_required(*ALL_ROLES)
def recommendation_create(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk, write=True)
    if request.method == "POST":
        form = RecommendationForm(request.POST, programme_opd=programme_opd)
    else:
        form = RecommendationForm(programme_opd=programme_opd)
        preselected_cause(request, form, CauseNature.NON_KOMPETENSI)
    if form.is_bound and form.is_valid():
        try:
            services.recommendation_create(programme_opd=programme_opd, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rekomendasi non-pelatihan dicatat."))
            return redirect("learning_needs:recommendation_list", programme_opd_pk=programme_opd.pk)
    return render(request, f"{TEMPLATES}/recommendation_form.html", {"form": form, "programme_opd": programme_opd})


@role_required(*ALL_ROLES)
def recommendation_update(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk, write=True)
    programme_opd = recommendation.cause.problem.programme_opd
    form = RecommendationForm(
        request.POST if request.method == "POST" else None, instance=recommendation, programme_opd=programme_opd
    )
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            services.recommendation_update(recommendation=recommendation, **form.cleaned_data)
        except ConcurrentEditError as error:
            conflict = conflict_context(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan rekomendasi disimpan."))
            return redirect("learning_needs:recommendation_list", programme_opd_pk=programme_opd.pk)
    return render(
        request,
        f"{TEMPLATES}/recommendation_form.html",
        {"form": form, "programme_opd": programme_opd, "recommendation": recommendation, "conflict": conflict},
    )


@role_required(*ALL_ROLES)
def recommendation_status(request, pk):
    """Quick status change from the list (POST only; GET goes to the edit page)."""
    recommendation = get_recommendation_for_user(request.user, pk, write=True)
    programme_opd = recommendation.cause.problem.programme_opd
    if request.method != "POST":
        return redirect("learning_needs:recommendation_update", pk=recommendation.pk)
    form = RecommendationStatusForm(request.POST)
    if form.is_valid():
        services.recommendation_set_status(recommendation=recommendation, status=form.cleaned_data["status"])
        messages.success(
            request,
            _("Status “%(action)s” menjadi %(status)s.")
            % {"action": recommendation.action, "status": recommendation.get_status_display()},
        )
    else:
        messages.error(request, _("Status tidak dikenal: pilih status dari daftar."))
    return redirect("learning_needs:recommendation_list", programme_opd_pk=programme_opd.pk)


@role_required(*ALL_ROLES)
def recommendation_delete(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk, write=True)
    programme_opd = recommendation.cause.problem.programme_opd
    cancel_url = reverse("learning_needs:recommendation_list", args=[programme_opd.pk])
    if request.method == "POST":
        blockers = services.recommendation_delete(recommendation=recommendation)
        if not blockers:
            messages.success(request, _("Rekomendasi dihapus."))
            return redirect(cancel_url)
        messages.error(request, blocked_message(recommendation, blockers))
    else:
        blockers = blockers_of(recommendation)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": recommendation,
            "object_kind": _("rekomendasi"),
            "cancel_url": cancel_url,
            "blockers": blockers,
        },
    )


@role_required(*ALL_ROLES)
def recommendation_history(request, pk):
    if gone := redirect_if_deleted(Recommendation, pk):
        return gone
    recommendation = get_recommendation_for_user(request.user, pk)
    programme_opd = recommendation.cause.problem.programme_opd
    page, query_string = paginate(request, history_entries(recommendation.history.select_related("history_user")))
    return render(
        request,
        HISTORY_TEMPLATE,
        {
            "programme_opd": programme_opd,
            "subject": recommendation,
            "back_url": reverse("learning_needs:recommendation_list", args=[programme_opd.pk]),
            "page": page,
            "query_string": query_string,
            "hide_object": True,
        },
    )
