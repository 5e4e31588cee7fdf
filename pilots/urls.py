from django.urls import path

from pilots import views

app_name = "pilots"

urlpatterns = [
    path("opd/<int:pk>/", views.opd_detail, name="opd_detail"),
]
