"""The reaction evaluation (Kirkpatrick level 1) an attendee fills in on their phone, once per
realised activity and without their name; the aggregate is on the activity's evaluation page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from intan_wpl.forms import add_service_errors
from intan_wpl.models import Role
from intan_wpl.roles import role_required
from learning_records.forms.reaction import ReactionForm
from learning_records.selectors.reaction import active_reaction_questions, get_attended_realisation
from learning_records.services.reaction import reaction_submit

TEMPLATES = "learning_records/reaction"


@role_required(Role.PEGAWAI)
def reaction_answer(request, activity_pk):
    pegawai, realisation = get_attended_realisation(request.user, activity_pk)
    if realisation.answered:
        return render(request, f"{TEMPLATES}/reaction_done.html", {"realisation": realisation})
    form = ReactionForm(request.POST or None, questions=active_reaction_questions())
    if request.method == "POST" and form.is_valid():
        try:
            reaction_submit(
                realisation=realisation, pegawai=pegawai, values=form.values(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Terima kasih, evaluasi Anda tersimpan tanpa nama."))
            return redirect("learning_records:my_learning")
    return render(request, f"{TEMPLATES}/reaction_form.html", {"realisation": realisation, "form": form})
