"""What was realised (/realisasi/): activities held with their attendance and evaluation; and
the Jam Pelajaran each person earned (/jp/): ledgers, a person's credits and the SIASN export."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from learning_records.views import (
    api,
    api_clients,
    evaluation,
    exports,
    external_jp,
    journal,
    my_learning,
    reaction,
    realisation,
)

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
    path("jp/saya/evaluasi/<int:activity_pk>/", reaction.reaction_answer, name="reaction_answer"),
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
    path("jp/klien-api/", api_clients.api_client_list, name="api_client_list"),
    path("jp/klien-api/baru/", api_clients.api_client_create, name="api_client_create"),
    path("jp/klien-api/<int:pk>/", api_clients.api_client_detail, name="api_client_detail"),
    path("jp/klien-api/<int:pk>/cabut/", api_clients.api_client_revoke, name="api_client_revoke"),
    # The read-only API: a client system's token, not a signed-in person (views/api.py).
    path("api/v1/jp/", login_not_required(api.JpPeriodList.as_view()), name="api_jp"),
    path("api/v1/pengembangan/", login_not_required(api.DevelopmentList.as_view()), name="api_development"),
    path("api/v1/skema/", login_not_required(SpectacularAPIView.as_view()), name="api_schema"),
]
