"""The learning-culture questionnaire the Pegawai answer themselves: a Pegawai fills in an open
round of their OPD once; the admin or the assigned Widyaiswara opens and closes rounds on the
survey page, where everyone in scope reads the aggregates (never a single response)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from insights.forms.culture_questionnaire import CultureQuestionnaireForm
from insights.models import SurveyPhase
from insights.selectors.culture_questionnaire import active_questions, get_open_round_for_pegawai, get_round_for_user
from insights.services import culture_questionnaire as services
from intan_wpl.forms import add_service_errors
from intan_wpl.models import Role
from intan_wpl.roles import role_required
from learning_needs.selectors.scope import get_programme_opd_for_field_work


@role_required(Role.PEGAWAI)
def questionnaire_answer(request, pk):
    """One page, phone first: every active item as a Likert 1-5 radio group."""
    pegawai, round_ = get_open_round_for_pegawai(request.user, pk)
    if round_.answered:
        return render(request, "insights/surveys/questionnaire_done.html", {"round": round_})
    form = CultureQuestionnaireForm(request.POST or None, questions=active_questions())
    if request.method == "POST" and form.is_valid():
        try:
            services.culture_response_submit(round=round_, pegawai=pegawai, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Terima kasih, jawaban Anda tersimpan tanpa nama."))
            return redirect("learning_records:my_learning")
    return render(request, "insights/surveys/questionnaire_form.html", {"round": round_, "form": form})


@role_required(Role.ADMIN, Role.WIDYAISWARA)
def round_open(request, programme_opd_pk, phase):
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    if phase not in SurveyPhase.values:
        raise Http404
    if request.method == "POST":
        try:
            services.culture_round_open(programme_opd=programme_opd, phase=phase, opened_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Kuesioner (%(phase)s) dibuka untuk Pegawai OPD ini.") % {"phase": SurveyPhase(phase).label}
            )
    return redirect("insights:survey_results", programme_opd_pk=programme_opd.pk)


@role_required(Role.ADMIN, Role.WIDYAISWARA)
def round_close(request, pk):
    round_ = get_round_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            services.culture_round_close(round=round_, closed_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Kuesioner (%(phase)s) ditutup.") % {"phase": round_.get_phase_display()})
    return redirect("insights:survey_results", programme_opd_pk=round_.programme_opd_id)
