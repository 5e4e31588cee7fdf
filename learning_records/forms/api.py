"""What goes into and out of the read-only API (issue 14, item 5): the query (NIP, year) and
the rows, and the admin's form to issue a client token."""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from learning_records.models import ApiClient
from pilots.models import Opd


class ApiQuerySerializer(serializers.Serializer):
    nip = serializers.CharField(required=False, max_length=30, help_text="NIP / NI PPPK (18 digit); kosong = semua")
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="Tahun hitung")


class JpPeriodSerializer(serializers.Serializer):
    """JP of one person in one counting period (PNS: calendar year; PPPK: contract year)."""

    nip = serializers.CharField(source="pegawai__nip")
    nama = serializers.CharField(source="pegawai__name")
    opd = serializers.CharField(source="pegawai__opd__name")
    jenis_kepegawaian = serializers.CharField(source="pegawai__employment_type", help_text="pns atau pppk")
    tahun = serializers.IntegerField(source="year", help_text="Tahun awal periode hitung")
    awal_periode = serializers.DateField(source="period_start", allow_null=True)
    akhir_periode = serializers.DateField(source="period_end", allow_null=True)
    jp = serializers.DecimalField(max_digits=7, decimal_places=1, coerce_to_string=False, help_text="JP diakui")
    jp_sebelum_batas = serializers.DecimalField(
        source="jp_before_cap", max_digits=7, decimal_places=1, coerce_to_string=False
    )
    jumlah_kegiatan = serializers.IntegerField(source="credit_count")


class DevelopmentSerializer(serializers.Serializer):
    """One completed development of one person: the row of the SIASN export (riwayat kursus),
    dates dd-mm-yyyy, jumlah_jam = JP attended, the person's own certificate number."""

    nip = serializers.CharField()
    nama = serializers.CharField()
    jenis_diklat_id = serializers.IntegerField()
    nama_kursus = serializers.CharField()
    penyelenggara = serializers.CharField()
    nomor_sertifikat = serializers.CharField(allow_blank=True)
    tanggal_mulai = serializers.CharField(help_text="dd-mm-yyyy")
    tanggal_selesai = serializers.CharField(help_text="dd-mm-yyyy")
    tahun = serializers.IntegerField()
    jumlah_jam = serializers.FloatField()
    sumber = serializers.ChoiceField(choices=["portal", "eksternal"])


class ApiClientForm(forms.ModelForm):
    class Meta:
        model = ApiClient
        fields = ["name", "opd"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = Opd.objects.order_by("name")
        self.fields["opd"].empty_label = _("Seluruh provinsi")
