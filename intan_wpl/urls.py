"""The URL root: sign-in and notifications here, then every app under its own prefix and
namespace, in the order of the journey (docs/architecture.md)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from intan_wpl.forms import QueuedPasswordResetForm
from intan_wpl.views import jobs, notifications, profile, pwa, second_factor, security
from intan_wpl.views.auth import LoginView

core_patterns = [
    path("notifikasi/", notifications.notification_list, name="notification_list"),
    path("notifikasi/<int:pk>/buka/", notifications.notification_open, name="notification_open"),
    path("notifikasi/tandai-semua/", notifications.notification_mark_all, name="notification_mark_all"),
    path("keamanan/kunci-masuk/", security.lockout_list, name="lockout_list"),
    path("keamanan/kunci-masuk/<int:pk>/lepas/", security.lockout_release, name="lockout_release"),
    path("keamanan/ekspor/", security.export_log, name="export_log"),
    path("akun/dua-langkah/", second_factor.second_factor, name="second_factor"),
    path("akun/dua-langkah/verifikasi/", second_factor.second_factor_verify, name="second_factor_verify"),
    path("akun/dua-langkah/kode-cadangan/", second_factor.backup_codes, name="backup_codes"),
    path("keamanan/dua-langkah/<int:pk>/atur-ulang/", second_factor.second_factor_reset, name="second_factor_reset"),
    path("akun/sesi/perpanjang/", second_factor.session_keepalive, name="session_keepalive"),
    path("pengaturan/profil-instansi/", profile.instance_profile_edit, name="instance_profile"),
    path("pengaturan/profil-instansi/logo/", profile.instance_logo, name="instance_logo"),
    path("tugas/", jobs.job_list, name="job_list"),
    path("tugas/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("tugas/<int:pk>/unduh/", jobs.job_download, name="job_download"),
]

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # A forgotten password: Django's own views, the link sent by email (issue 16).
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            form_class=QueuedPasswordResetForm,
        ),
        name="password_reset",
    ),
    path("accounts/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    # The installable web app: served from the root, so the worker's scope is every page.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("luring/", pwa.offline, name="offline"),
    path("", include((core_patterns, "intan_wpl"))),
    path("", include("pilots.urls")),
    path("", include("learning_needs.urls")),
    path("", include("learning_plans.urls")),
    path("", include("learning_records.urls")),
    path("", include("insights.urls")),
]

# No MEDIA_URL route, not even with DEBUG on: every upload (decrees, rosters, session files) is
# served by a view that checks the user's scope first, e.g. pilots:programme_decree.
