"""The learning strategy (/rencana/): plans and their activities with the 70:20:10 mix, review,
versions and the printable document; the development-form catalogue and the learning settings."""

from django.urls import path

from learning_plans.views import catalogue, plans

app_name = "learning_plans"

urlpatterns = [
    path("rencana/", plans.plan_list, name="plan_list"),
    path("rencana/program-opd/<int:programme_opd_pk>/", plans.plan_current, name="plan_current"),
    path("rencana/program-opd/<int:programme_opd_pk>/baru/", plans.plan_create, name="plan_create"),
    path("rencana/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/ubah/", plans.plan_edit, name="plan_edit"),
    path("rencana/<int:pk>/kegiatan/baru/", plans.activity_create, name="activity_create"),
    path("rencana/kegiatan/<int:pk>/ubah/", plans.activity_edit, name="activity_edit"),
    path("rencana/kegiatan/<int:pk>/hapus/", plans.activity_delete, name="activity_delete"),
    path("rencana/<int:pk>/ajukan/", plans.plan_submit, name="plan_submit"),
    path("rencana/<int:pk>/review/", plans.plan_review, name="plan_review"),
    path("rencana/<int:pk>/versi-baru/", plans.plan_new_version, name="plan_new_version"),
    path("rencana/<int:pk>/bandingkan/", plans.plan_compare, name="plan_compare"),
    path("rencana/<int:pk>/riwayat/", plans.plan_history, name="plan_history"),
    path("rencana/<int:pk>/cetak/", plans.plan_print, name="plan_print"),
    path("rencana/<int:pk>/pdf/", plans.plan_pdf, name="plan_pdf"),
    path("rencana/pdf-berlaku/", plans.plan_pdf_batch, name="plan_pdf_batch"),
    path("rencana/bentuk-pengembangan/", catalogue.form_list, name="form_list"),
    path("rencana/bentuk-pengembangan/baru/", catalogue.form_create, name="form_create"),
    path("rencana/bentuk-pengembangan/<int:pk>/ubah/", catalogue.form_edit, name="form_edit"),
    path("rencana/bentuk-pengembangan/<int:pk>/hapus/", catalogue.form_delete, name="form_delete"),
    path("rencana/pengaturan/", catalogue.jp_settings, name="jp_settings"),
]
