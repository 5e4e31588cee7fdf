from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from intan_wpl.views import LoginView
from pilots.views.home import home

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", home, name="home"),
    path("", include("learning_needs.urls")),
    path("", include("pilots.urls")),
]

# No MEDIA_URL route, not even with DEBUG on: every upload (decrees, rosters, session files) is
# served by a view that checks the user's scope first, e.g. pilots:programme_decree.
