"""The BPSDM admin's development forms catalogue and learning settings (issue 5, item 1).
Admin only: every other role gets 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.forms import add_service_errors
from intan_wpl.history import history_entries
from intan_wpl.listing import paginate
from intan_wpl.roles import admin_required
from learning_plans.forms.catalogue import DevelopmentFormForm, LearningSettingsForm
from learning_plans.models import DevelopmentForm, Jalur, LearningFamily, LearningSettings
from learning_plans.selectors.catalogue import get_development_form_for_user
from learning_plans.services import catalogue as services

TEMPLATES = "learning_plans/catalogue"


@admin_required
def form_list(request):
    forms = DevelopmentForm.objects.annotate(activity_count=Count("activities")).order_by("jalur", "lan_code")
    jalur = request.GET.get("jalur", "")
    family = request.GET.get("kelompok", "")
    if jalur in Jalur.values:
        forms = forms.filter(jalur=jalur)
    if family in LearningFamily.values:
        forms = forms.filter(family=family)
    page, query_string = paginate(request, forms, per_page=50)
    return render(
        request,
        f"{TEMPLATES}/form_list.html",
        {
            "page": page,
            "query_string": query_string,
            "jalur_choices": Jalur.choices,
            "family_choices": LearningFamily.choices,
            "jalur": jalur,
            "family": family,
        },
    )


@admin_required
def form_create(request):
    form = DevelopmentFormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.development_form_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Bentuk pengembangan “%(form)s” ditambahkan.") % {"form": created})
            return redirect("learning_plans:form_list")
    return render(request, f"{TEMPLATES}/form_form.html", {"form": form, "development_form": None})


@admin_required
def form_edit(request, pk):
    development_form = get_development_form_for_user(request.user, pk)
    saved_label = str(development_form)
    form = DevelopmentFormForm(request.POST or None, instance=development_form)
    if request.method == "POST" and form.is_valid():
        try:
            services.development_form_update(form=development_form, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Bentuk pengembangan “%(form)s” disimpan.") % {"form": development_form})
            return redirect("learning_plans:form_list")
    return render(
        request,
        f"{TEMPLATES}/form_form.html",
        {"form": form, "development_form": development_form, "saved_label": saved_label},
    )


@admin_required
def form_delete(request, pk):
    development_form = get_development_form_for_user(request.user, pk)
    if request.method == "POST":
        blockers = services.development_form_delete(form=development_form)
        if not blockers:
            messages.success(request, _("Bentuk pengembangan “%(form)s” dihapus.") % {"form": development_form})
            return redirect("learning_plans:form_list")
        messages.error(
            request,
            _("“%(form)s” masih dipakai kegiatan, jadi tidak dihapus. Nonaktifkan saja agar tidak ditawarkan lagi.")
            % {"form": development_form},
        )
    else:
        blockers = services.development_form_delete_blockers(form=development_form)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": development_form,
            "object_kind": _("bentuk pengembangan"),
            "cancel_url": reverse("learning_plans:form_list"),
            "blockers": blockers,
        },
    )


@admin_required
def jp_settings(request):
    settings = LearningSettings.load()
    form = LearningSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_settings_update(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pengaturan JP dan 70:20:10 disimpan."))
            return redirect("learning_plans:jp_settings")
    records = LearningSettings.history.filter(id=settings.pk).select_related("history_user")
    page, query_string = paginate(request, records.order_by("-history_date", "-history_id"), per_page=20)
    # Each record is compared with the one before it: take the page plus its predecessor.
    page_records = list(page.object_list)
    if page_records:
        older = records.filter(history_date__lt=page_records[-1].history_date).order_by("-history_date").first()
        entries = history_entries(
            [*page_records, *([older] if older else [])],
            describe=lambda record: _("Pengaturan"),
            excluded_fields=("id", "updated_at"),
        )[: len(page_records)]
    else:
        entries = []
    return render(
        request,
        f"{TEMPLATES}/settings_form.html",
        {"form": form, "entries": entries, "page": page, "query_string": query_string},
    )
