"""What BPSDM reads across pilots: each role's home page (/), the dashboard and its report, the
duplicate finder and joint programmes, the learning-culture surveys and the data pack (/dasbor/)."""

from django.urls import path

from insights.views import agenda, dashboard, home, hub, surveys

app_name = "insights"

urlpatterns = [
    path("", home.home, name="home"),
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("dasbor/agenda.ics", agenda.agenda_feed, name="agenda_feed"),
    path("dasbor/opd/<int:programme_opd_pk>/", hub.programme_opd_hub, name="programme_opd_hub"),
    path("dasbor/laporan/", dashboard.dashboard_report, name="dashboard_report"),
    path("dasbor/duplikasi/", dashboard.duplicate_groups, name="duplicate_groups"),
    path("dasbor/program-bersama/baru/", dashboard.joint_programme_create, name="joint_programme_create"),
    path("dasbor/program-bersama/<int:pk>/", dashboard.joint_programme_detail, name="joint_programme_detail"),
    path("dasbor/paket-data/", dashboard.data_pack, name="data_pack"),
    path("dasbor/survei-budaya/program-opd/<int:programme_opd_pk>/", surveys.survey_results, name="survey_results"),
    path(
        "dasbor/survei-budaya/program-opd/<int:programme_opd_pk>/<str:phase>/",
        surveys.survey_edit,
        name="survey_edit",
    ),
]
