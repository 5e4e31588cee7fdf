from django.urls import path

from learning_needs.views import (
    catalogue,
    competencies,
    dashboard,
    evaluation,
    exports,
    needs,
    notifications,
    plans,
    problems,
    realisation,
    sessions,
)

app_name = "learning_needs"

# --- Field sessions (Sesi Pendampingan) and shift series ------------------------------------
urlpatterns = [
    path("programme-opd/<int:programme_opd_pk>/sesi/", sessions.session_list, name="session_list"),
    path("programme-opd/<int:programme_opd_pk>/sesi/baru/", sessions.session_create, name="session_create"),
    path(
        "programme-opd/<int:programme_opd_pk>/sesi/cari-pegawai/",
        sessions.participant_search,
        name="participant_search",
    ),
    path("programme-opd/<int:programme_opd_pk>/sesi-bergilir/baru/", sessions.series_create, name="series_create"),
    path("sesi-saya/", sessions.my_sessions, name="my_sessions"),
    path("sesi/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sesi/<int:pk>/ubah/", sessions.session_edit, name="session_edit"),
    path("sesi/<int:pk>/hapus/", sessions.session_delete, name="session_delete"),
    path("sesi/<int:pk>/riwayat/", sessions.session_history, name="session_history"),
    path("sesi/<int:pk>/tindak-lanjut/", sessions.follow_up_add, name="follow_up_add"),
    path("sesi/<int:pk>/lampiran/", sessions.attachment_upload, name="attachment_upload"),
    path("peserta-sesi/<int:pk>/hadir/", sessions.session_attendance, name="session_attendance"),
    path("tindak-lanjut/<int:pk>/selesai/", sessions.follow_up_toggle, name="follow_up_toggle"),
    path("lampiran/<int:pk>/", sessions.attachment_download, name="attachment_download"),
    path("lampiran/<int:pk>/hapus/", sessions.attachment_delete, name="attachment_delete"),
    path("sesi-bergilir/<int:pk>/", sessions.series_detail, name="series_detail"),
    path("sesi-bergilir/<int:pk>/kehadiran/", sessions.series_attendance, name="series_attendance"),
    path("sesi-bergilir/<int:pk>/ulangan/", sessions.series_add_repeat, name="series_add_repeat"),
]

# --- Problem map, causes, recommendations, learning needs, competency dictionary -----------

urlpatterns += [
    path("programme-opd/<int:programme_opd_pk>/masalah/", problems.problem_list, name="problem_list"),
    path("programme-opd/<int:programme_opd_pk>/masalah/baru/", problems.problem_create, name="problem_create"),
    path("masalah/<int:pk>/", problems.problem_detail, name="problem_detail"),
    path("masalah/<int:pk>/ubah/", problems.problem_update, name="problem_update"),
    path("masalah/<int:pk>/hapus/", problems.problem_delete, name="problem_delete"),
    path("masalah/<int:pk>/riwayat/", problems.problem_history, name="problem_history"),
    path("masalah/<int:pk>/penyebab/baru/", problems.cause_create, name="cause_create"),
    path("penyebab/<int:pk>/ubah/", problems.cause_update, name="cause_update"),
    path("penyebab/<int:pk>/hapus/", problems.cause_delete, name="cause_delete"),
    path("penyebab/<int:pk>/riwayat/", problems.cause_history, name="cause_history"),
    path("programme-opd/<int:programme_opd_pk>/rekomendasi/", needs.recommendation_list, name="recommendation_list"),
    path(
        "programme-opd/<int:programme_opd_pk>/rekomendasi/baru/",
        needs.recommendation_create,
        name="recommendation_create",
    ),
    path("rekomendasi/<int:pk>/ubah/", needs.recommendation_update, name="recommendation_update"),
    path("rekomendasi/<int:pk>/status/", needs.recommendation_status, name="recommendation_status"),
    path("rekomendasi/<int:pk>/hapus/", needs.recommendation_delete, name="recommendation_delete"),
    path("rekomendasi/<int:pk>/riwayat/", needs.recommendation_history, name="recommendation_history"),
    path("programme-opd/<int:programme_opd_pk>/kebutuhan/", needs.need_list, name="need_list"),
    path("programme-opd/<int:programme_opd_pk>/kebutuhan/baru/", needs.need_create, name="need_create"),
    path("kebutuhan/<int:pk>/", needs.need_detail, name="need_detail"),
    path("kebutuhan/<int:pk>/ubah/", needs.need_update, name="need_update"),
    path("kebutuhan/<int:pk>/hapus/", needs.need_delete, name="need_delete"),
    path("kebutuhan/<int:pk>/riwayat/", needs.need_history, name="need_history"),
    path("programme-opd/<int:programme_opd_pk>/kompetensi/", competencies.competency_list, name="competency_list"),
    path(
        "programme-opd/<int:programme_opd_pk>/kompetensi/baru/",
        competencies.competency_create,
        name="competency_create",
    ),
    path(
        "programme-opd/<int:programme_opd_pk>/kompetensi/<int:pk>/ubah/",
        competencies.competency_update,
        name="competency_update",
    ),
    path(
        "programme-opd/<int:programme_opd_pk>/kompetensi/<int:pk>/hapus/",
        competencies.competency_delete,
        name="competency_delete",
    ),
]

# --- Learning plans: activities, 70:20:10, review, versions, document (issue 5) ---------------

urlpatterns += [
    path("rencana/", plans.plan_list, name="plan_list"),
    path("programme-opd/<int:programme_opd_pk>/rencana/", plans.plan_current, name="plan_current"),
    path("programme-opd/<int:programme_opd_pk>/rencana/buat/", plans.plan_create, name="plan_create"),
    path("rencana/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/ubah/", plans.plan_edit, name="plan_edit"),
    path("rencana/<int:pk>/kegiatan/tambah/", plans.activity_create, name="activity_create"),
    path("kegiatan/<int:pk>/ubah/", plans.activity_edit, name="activity_edit"),
    path("kegiatan/<int:pk>/hapus/", plans.activity_delete, name="activity_delete"),
    path("rencana/<int:pk>/ajukan/", plans.plan_submit, name="plan_submit"),
    path("rencana/<int:pk>/review/", plans.plan_review, name="plan_review"),
    path("rencana/<int:pk>/versi-baru/", plans.plan_new_version, name="plan_new_version"),
    path("rencana/<int:pk>/bandingkan/", plans.plan_compare, name="plan_compare"),
    path("rencana/<int:pk>/riwayat/", plans.plan_history, name="plan_history"),
    path("rencana/<int:pk>/cetak/", plans.plan_print, name="plan_print"),
    path("rencana/<int:pk>/pdf/", plans.plan_pdf, name="plan_pdf"),
    path("notifikasi/", notifications.notification_list, name="notification_list"),
    path("notifikasi/<int:pk>/buka/", notifications.notification_open, name="notification_open"),
    path("notifikasi/tandai-semua/", notifications.notification_mark_all, name="notification_mark_all"),
]

# --- Development forms catalogue, JP settings, realisation, JP ledger, exports, evaluation ---

urlpatterns += [
    path("bentuk-pengembangan/", catalogue.form_list, name="form_list"),
    path("bentuk-pengembangan/tambah/", catalogue.form_create, name="form_create"),
    path("bentuk-pengembangan/<int:pk>/ubah/", catalogue.form_edit, name="form_edit"),
    path("bentuk-pengembangan/<int:pk>/hapus/", catalogue.form_delete, name="form_delete"),
    path("pengaturan-jp/", catalogue.jp_settings, name="jp_settings"),
    path("jam-pelajaran/", realisation.jp_overview, name="jp_overview"),
    path("jam-pelajaran/ekspor/", exports.jp_export_all, name="jp_export_all"),
    path("programme-opd/<int:programme_opd_pk>/realisasi/", realisation.realisation_list, name="realisation_list"),
    path("programme-opd/<int:programme_opd_pk>/jam-pelajaran/", realisation.jp_ledger, name="jp_ledger"),
    path(
        "programme-opd/<int:programme_opd_pk>/jam-pelajaran/pegawai/<int:pegawai_pk>/",
        realisation.jp_person,
        name="jp_person",
    ),
    path("programme-opd/<int:programme_opd_pk>/jam-pelajaran/ekspor/", exports.jp_export, name="jp_export"),
    path("realisasi/kegiatan/<int:activity_pk>/", realisation.realisation_detail, name="realisation_detail"),
    path("realisasi/kegiatan/<int:activity_pk>/catat/", realisation.realisation_record, name="realisation_record"),
    path("realisasi/kegiatan/<int:activity_pk>/batalkan/", realisation.realisation_delete, name="realisation_delete"),
    path("programme-opd/<int:programme_opd_pk>/evaluasi/", evaluation.evaluation_list, name="evaluation_list"),
    path(
        "realisasi/kegiatan/<int:activity_pk>/evaluasi/", evaluation.activity_evaluations, name="activity_evaluations"
    ),
    path(
        "realisasi/kegiatan/<int:activity_pk>/evaluasi/level-<int:level>/",
        evaluation.evaluation_create,
        name="evaluation_create",
    ),
    path("evaluasi/<int:pk>/ubah/", evaluation.evaluation_edit, name="evaluation_edit"),
    path("evaluasi/<int:pk>/hapus/", evaluation.evaluation_delete, name="evaluation_delete"),
    path("programme-opd/<int:programme_opd_pk>/survei-budaya/", evaluation.survey_results, name="survey_results"),
    path(
        "programme-opd/<int:programme_opd_pk>/survei-budaya/<str:phase>/",
        evaluation.survey_edit,
        name="survey_edit",
    ),
]

# --- BPSDM dashboard, duplicate finder, joint programmes, data pack (issue 6) ---------------

urlpatterns += [
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("dasbor/laporan/", dashboard.dashboard_report, name="dashboard_report"),
    path("dasbor/duplikasi/", dashboard.duplicate_groups, name="duplicate_groups"),
    path("program-bersama/baru/", dashboard.joint_programme_create, name="joint_programme_create"),
    path("program-bersama/<int:pk>/", dashboard.joint_programme_detail, name="joint_programme_detail"),
    path("dasbor/paket-data/", dashboard.data_pack, name="data_pack"),
]
