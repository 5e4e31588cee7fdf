"""Field work at a programme OPD: sessions (/sesi/), the problem map with its cause tree
(/masalah/), learning needs, recommendations and the OPD's competency dictionary (/kebutuhan/)."""

from django.urls import path

from learning_needs.views import competencies, needs, offline, problems, recommendations, sessions

app_name = "learning_needs"

urlpatterns = [
    # Sesi Pendampingan and shift series
    path("sesi/saya/", sessions.my_sessions, name="my_sessions"),
    path("sesi/program-opd/<int:programme_opd_pk>/", sessions.session_list, name="session_list"),
    path("sesi/program-opd/<int:programme_opd_pk>/baru/", sessions.session_create, name="session_create"),
    path(
        "sesi/program-opd/<int:programme_opd_pk>/cari-pegawai/",
        sessions.participant_search,
        name="participant_search",
    ),
    path("sesi/program-opd/<int:programme_opd_pk>/bergilir/baru/", sessions.series_create, name="series_create"),
    path(
        "sesi/program-opd/<int:programme_opd_pk>/daftar-pegawai/",
        offline.participant_roster,
        name="participant_roster",
    ),
    path("sesi/luring/halaman/", offline.offline_pages, name="offline_pages"),
    path("sesi/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sesi/<int:pk>/ubah/", sessions.session_edit, name="session_edit"),
    path("sesi/<int:pk>/hapus/", sessions.session_delete, name="session_delete"),
    path("sesi/<int:pk>/riwayat/", sessions.session_history, name="session_history"),
    path("sesi/<int:pk>/tindak-lanjut/", sessions.follow_up_add, name="follow_up_add"),
    path("sesi/<int:pk>/lampiran/", sessions.attachment_upload, name="attachment_upload"),
    path("sesi/peserta/<int:pk>/hadir/", sessions.session_attendance, name="session_attendance"),
    path("sesi/tindak-lanjut/<int:pk>/selesai/", sessions.follow_up_toggle, name="follow_up_toggle"),
    path("sesi/lampiran/<int:pk>/", sessions.attachment_download, name="attachment_download"),
    path("sesi/lampiran/<int:pk>/hapus/", sessions.attachment_delete, name="attachment_delete"),
    path("sesi/bergilir/<int:pk>/", sessions.series_detail, name="series_detail"),
    path("sesi/bergilir/<int:pk>/kehadiran/", sessions.series_attendance, name="series_attendance"),
    path("sesi/bergilir/<int:pk>/ulangan/", sessions.series_add_repeat, name="series_add_repeat"),
    # Pemetaan Masalah: problems and their why-why cause tree
    path("masalah/program-opd/<int:programme_opd_pk>/", problems.problem_list, name="problem_list"),
    path("masalah/program-opd/<int:programme_opd_pk>/baru/", problems.problem_create, name="problem_create"),
    path("masalah/<int:pk>/", problems.problem_detail, name="problem_detail"),
    path("masalah/<int:pk>/ubah/", problems.problem_update, name="problem_update"),
    path("masalah/<int:pk>/hapus/", problems.problem_delete, name="problem_delete"),
    path("masalah/<int:pk>/riwayat/", problems.problem_history, name="problem_history"),
    path("masalah/<int:pk>/penyebab/baru/", problems.cause_create, name="cause_create"),
    path("masalah/penyebab/<int:pk>/ubah/", problems.cause_update, name="cause_update"),
    path("masalah/penyebab/<int:pk>/hapus/", problems.cause_delete, name="cause_delete"),
    path("masalah/penyebab/<int:pk>/riwayat/", problems.cause_history, name="cause_history"),
    # Kebutuhan Pembelajaran, non-training recommendations, the OPD's competency dictionary
    path("kebutuhan/program-opd/<int:programme_opd_pk>/", needs.need_list, name="need_list"),
    path("kebutuhan/program-opd/<int:programme_opd_pk>/baru/", needs.need_create, name="need_create"),
    path("kebutuhan/<int:pk>/", needs.need_detail, name="need_detail"),
    path("kebutuhan/<int:pk>/ubah/", needs.need_update, name="need_update"),
    path("kebutuhan/<int:pk>/hapus/", needs.need_delete, name="need_delete"),
    path("kebutuhan/<int:pk>/riwayat/", needs.need_history, name="need_history"),
    path(
        "kebutuhan/rekomendasi/program-opd/<int:programme_opd_pk>/",
        recommendations.recommendation_list,
        name="recommendation_list",
    ),
    path(
        "kebutuhan/rekomendasi/program-opd/<int:programme_opd_pk>/baru/",
        recommendations.recommendation_create,
        name="recommendation_create",
    ),
    path("kebutuhan/rekomendasi/<int:pk>/ubah/", recommendations.recommendation_update, name="recommendation_update"),
    path("kebutuhan/rekomendasi/<int:pk>/status/", recommendations.recommendation_status, name="recommendation_status"),
    path(
        "kebutuhan/rekomendasi/<int:pk>/tindak-lanjut/",
        recommendations.recommendation_follow_up,
        name="recommendation_follow_up",
    ),
    path("kebutuhan/rekomendasi/<int:pk>/hapus/", recommendations.recommendation_delete, name="recommendation_delete"),
    path(
        "kebutuhan/rekomendasi/<int:pk>/riwayat/", recommendations.recommendation_history, name="recommendation_history"
    ),
    path(
        "kebutuhan/kompetensi/program-opd/<int:programme_opd_pk>/",
        competencies.competency_list,
        name="competency_list",
    ),
    path(
        "kebutuhan/kompetensi/program-opd/<int:programme_opd_pk>/baru/",
        competencies.competency_create,
        name="competency_create",
    ),
    path(
        "kebutuhan/kompetensi/program-opd/<int:programme_opd_pk>/<int:pk>/ubah/",
        competencies.competency_update,
        name="competency_update",
    ),
    path(
        "kebutuhan/kompetensi/program-opd/<int:programme_opd_pk>/<int:pk>/hapus/",
        competencies.competency_delete,
        name="competency_delete",
    ),
]
