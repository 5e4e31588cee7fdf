from django.urls import path

from pilots.views import home

app_name = "pilots"

urlpatterns = [
    path("opd/<int:pk>/", home.opd_detail, name="opd_detail"),
]
