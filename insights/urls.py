"""What BPSDM reads across pilots: each role's home page (/), the dashboard and its report, the
duplicate finder and joint programmes, the learning-culture surveys and the data pack (/dasbor/)."""

from django.urls import path

from insights.views import agenda, cost, culture_questionnaire, dashboard, home, hub, surveys

app_name = "insights"

urlpatterns = [
    path("", home.home, name="home"),
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("dasbor/agenda.ics", agenda.agenda_feed, name="agenda_feed"),
    path("dasbor/opd/<int:programme_opd_pk>/", hub.programme_opd_hub, name="programme_opd_hub"),
    path("dasbor/laporan/", dashboard.dashboard_report, name="dashboard_report"),
    path("dasbor/duplikasi/", dashboard.duplicate_groups, name="duplicate_groups"),
    path(
        "dasbor/duplikasi/kegiatan/<int:first_pk>/<int:second_pk>/bukan-duplikat/",
        dashboard.duplicate_pair_dismiss_view,
        name="duplicate_pair_dismiss",
    ),
    path("dasbor/program-bersama/baru/", dashboard.joint_programme_create, name="joint_programme_create"),
    path("dasbor/program-bersama/<int:pk>/", dashboard.joint_programme_detail, name="joint_programme_detail"),
    path("dasbor/paket-data/", dashboard.data_pack, name="data_pack"),
    path("dasbor/biaya/tarif/", cost.unit_cost_list, name="unit_cost_list"),
    path("dasbor/biaya/tarif/baru/", cost.unit_cost_create, name="unit_cost_create"),
    path("dasbor/biaya/tarif/<int:pk>/ubah/", cost.unit_cost_edit, name="unit_cost_edit"),
    path("dasbor/biaya/sbm/baru/", cost.sbm_rate_create, name="sbm_rate_create"),
    path("dasbor/biaya/sbm/<int:pk>/ubah/", cost.sbm_rate_edit, name="sbm_rate_edit"),
    path("dasbor/biaya/rencana/<int:plan_pk>/", cost.plan_cost_view, name="plan_cost"),
    path("dasbor/survei-budaya/program-opd/<int:programme_opd_pk>/", surveys.survey_results, name="survey_results"),
    path(
        "dasbor/survei-budaya/program-opd/<int:programme_opd_pk>/<str:phase>/",
        surveys.survey_edit,
        name="survey_edit",
    ),
    path(
        "dasbor/survei-budaya/program-opd/<int:programme_opd_pk>/<str:phase>/kuesioner/buka/",
        culture_questionnaire.round_open,
        name="culture_round_open",
    ),
    path(
        "dasbor/survei-budaya/kuesioner/<int:pk>/tutup/", culture_questionnaire.round_close, name="culture_round_close"
    ),
    # A Pegawai answers the questionnaire of their OPD (role Pegawai only, once per round).
    path(
        "dasbor/survei-budaya/kuesioner/<int:pk>/isi/",
        culture_questionnaire.questionnaire_answer,
        name="culture_questionnaire_answer",
    ),
]
