"""The registry: programmes with their decree (/program/), OPDs and units (/opd/), staff
rosters (/pegawai/), Widyaiswara (/widyaiswara/) and accounts (/pengguna/); the history of any
object (/riwayat/) and the audit log (/keamanan/audit/)."""

from django.urls import path

from pilots.views import accounts, audit, opds, programmes, roster, skp, users, widyaiswara

app_name = "pilots"

urlpatterns = [
    path("program/", programmes.programme_list, name="programme_list"),
    path("program/baru/", programmes.programme_create, name="programme_create"),
    path("program/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("program/<int:pk>/ubah/", programmes.programme_edit, name="programme_edit"),
    path("program/<int:pk>/hapus/", programmes.programme_delete, name="programme_delete"),
    path("program/<int:pk>/sk.pdf", programmes.programme_decree, name="programme_decree"),
    path("program/<int:pk>/opd/baru/", programmes.programme_opd_add, name="programme_opd_add"),
    path("program/opd/<int:pk>/", programmes.programme_opd_detail, name="programme_opd_detail"),
    path("program/opd/<int:pk>/keluarkan/", programmes.programme_opd_remove, name="programme_opd_remove"),
    path("program/opd/<int:pk>/status/", programmes.programme_opd_set_active, name="programme_opd_set_active"),
    path("program/opd/<int:pk>/penugasan/baru/", programmes.assignment_create, name="assignment_create"),
    path("program/penugasan/<int:pk>/ubah/", programmes.assignment_edit, name="assignment_edit"),
    path("program/penugasan/<int:pk>/hapus/", programmes.assignment_delete, name="assignment_delete"),
    path("program/penugasan/<int:pk>/jadikan-ketua/", programmes.assignment_make_ketua, name="assignment_make_ketua"),
    path("program/penugasan/<int:pk>/surat-tugas/", programmes.assignment_letter, name="assignment_letter"),
    path(
        "program/penugasan/<int:pk>/surat-tugas/simpan/",
        programmes.assignment_letter_generate,
        name="assignment_letter_generate",
    ),
    path("program/penugasan/<int:pk>/surat-tugas/pdf/", programmes.assignment_letter_pdf, name="assignment_letter_pdf"),
    path("opd/", opds.opd_list, name="opd_list"),
    path("opd/baru/", opds.opd_create, name="opd_create"),
    path("opd/<int:pk>/", opds.opd_detail, name="opd_detail"),
    path("opd/<int:pk>/ubah/", opds.opd_edit, name="opd_edit"),
    path("opd/<int:pk>/hapus/", opds.opd_delete, name="opd_delete"),
    path("opd/<int:opd_pk>/unit-kerja/baru/", opds.unit_create, name="unit_create"),
    path("opd/unit-kerja/<int:pk>/ubah/", opds.unit_edit, name="unit_edit"),
    path("opd/unit-kerja/<int:pk>/hapus/", opds.unit_delete, name="unit_delete"),
    # Staff roster (Pegawai) of an OPD: list, form, import (upload, preview, commit), export.
    path("pegawai/opd/<int:opd_pk>/", roster.roster_list, name="roster_list"),
    path("pegawai/opd/<int:opd_pk>/baru/", roster.pegawai_create, name="pegawai_create"),
    path("pegawai/opd/<int:opd_pk>/ekspor/", roster.roster_export, name="roster_export"),
    path("pegawai/opd/<int:opd_pk>/impor/", roster.roster_import, name="roster_import"),
    path("pegawai/opd/<int:opd_pk>/skp/", skp.skp_list, name="skp_list"),
    path("pegawai/opd/<int:opd_pk>/skp/impor/", skp.skp_import, name="skp_import"),
    path("pegawai/<int:pk>/ubah/", roster.pegawai_edit, name="pegawai_edit"),
    path("pegawai/<int:pk>/hapus/", roster.pegawai_delete, name="pegawai_delete"),
    # Pegawai accounts: activation codes issued per OPD, and the public activation page.
    path("pegawai/opd/<int:opd_pk>/aktivasi/", accounts.activation_issue, name="activation_issue"),
    path("pegawai/aktivasi/", accounts.account_activate, name="account_activate"),
    path("pegawai/impor/<int:pk>/", roster.roster_import_preview, name="roster_import_preview"),
    path("pegawai/impor/<int:pk>/impor/", roster.roster_import_commit, name="roster_import_commit"),
    path("pegawai/impor/<int:pk>/batal/", roster.roster_import_cancel, name="roster_import_cancel"),
    path("pegawai/impor/<int:pk>/kesalahan/", roster.roster_import_errors, name="roster_import_errors_download"),
    path("pegawai/templat/", roster.roster_template, name="roster_template_download"),
    path("pegawai/cari/", roster.pegawai_search, name="pegawai_search"),
    path("widyaiswara/", widyaiswara.widyaiswara_list, name="widyaiswara_list"),
    path("widyaiswara/baru/", widyaiswara.widyaiswara_create, name="widyaiswara_create"),
    path("widyaiswara/<int:pk>/ubah/", widyaiswara.widyaiswara_edit, name="widyaiswara_edit"),
    path("widyaiswara/beban/", widyaiswara.widyaiswara_load, name="widyaiswara_load"),
    path("pengguna/", users.user_list, name="user_list"),
    path("pengguna/baru/", users.user_create, name="user_create"),
    path("pengguna/<int:pk>/ubah/", users.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/kata-sandi/", users.user_set_password, name="user_set_password"),
    # Everything on record: any object's history (also after deletion) and the admin's audit log.
    path("riwayat/<str:model>/<int:pk>/", audit.history, name="history"),
    path("keamanan/audit/", audit.audit_log, name="audit_log"),
]
