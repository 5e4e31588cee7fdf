"""What was realised (/realisasi/): activities held with their attendance and evaluation; and
the Jam Pelajaran each person earned (/jp/): ledgers, a person's credits and the SIASN export."""

from django.urls import path

from learning_records.views import evaluation, exports, external_jp, journal, my_learning, realisation

app_name = "learning_records"

urlpatterns = [
    path("realisasi/program-opd/<int:programme_opd_pk>/", realisation.realisation_list, name="realisation_list"),
    path("realisasi/kegiatan/<int:activity_pk>/", realisation.realisation_detail, name="realisation_detail"),
    path("realisasi/kegiatan/<int:activity_pk>/catat/", realisation.realisation_record, name="realisation_record"),
    path("realisasi/kegiatan/<int:activity_pk>/batalkan/", realisation.realisation_delete, name="realisation_delete"),
    path("realisasi/program-opd/<int:programme_opd_pk>/evaluasi/", evaluation.evaluation_list, name="evaluation_list"),
    path(
        "realisasi/kegiatan/<int:activity_pk>/evaluasi/", evaluation.activity_evaluations, name="activity_evaluations"
    ),
    path(
        "realisasi/kegiatan/<int:activity_pk>/evaluasi/level-<int:level>/baru/",
        evaluation.evaluation_create,
        name="evaluation_create",
    ),
    path("realisasi/evaluasi/<int:pk>/ubah/", evaluation.evaluation_edit, name="evaluation_edit"),
    path("realisasi/evaluasi/<int:pk>/hapus/", evaluation.evaluation_delete, name="evaluation_delete"),
    path("jp/", realisation.jp_overview, name="jp_overview"),
    path("jp/ekspor/", exports.jp_export_all, name="jp_export_all"),
    # A Pegawai's own page and certificates (role Pegawai only).
    path("jp/saya/", my_learning.my_learning, name="my_learning"),
    path("jp/saya/sertifikat/<int:pk>/", my_learning.my_certificate, name="my_certificate"),
    # The learning journal: the author's entries, the atasan langsung's queue and decision.
    path("jp/jurnal/", journal.journal_list, name="journal_list"),
    path("jp/jurnal/baru/", journal.journal_create, name="journal_create"),
    path("jp/jurnal/validasi/", journal.journal_queue, name="journal_queue"),
    path("jp/jurnal/<int:pk>/", journal.journal_detail, name="journal_detail"),
    path("jp/jurnal/<int:pk>/ubah/", journal.journal_edit, name="journal_edit"),
    path("jp/jurnal/<int:pk>/putuskan/", journal.journal_decide, name="journal_decide"),
    path("jp/jurnal/<int:pk>/bukti/", journal.journal_evidence, name="journal_evidence"),
    path("jp/eksternal/", external_jp.external_jp_list, name="external_jp_list"),
    path("jp/eksternal/baru/", external_jp.external_jp_create, name="external_jp_create"),
    path("jp/eksternal/impor/", external_jp.external_jp_import, name="external_jp_import"),
    path("jp/eksternal/<int:pk>/hapus/", external_jp.external_jp_delete, name="external_jp_delete"),
    path("jp/program-opd/<int:programme_opd_pk>/", realisation.jp_ledger, name="jp_ledger"),
    path("jp/program-opd/<int:programme_opd_pk>/pegawai/<int:pegawai_pk>/", realisation.jp_person, name="jp_person"),
    path("jp/program-opd/<int:programme_opd_pk>/ekspor/", exports.jp_export, name="jp_export"),
]
