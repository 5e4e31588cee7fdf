"""The read-only JSON API (issue 14, item 5) for E-Kinerja and SIASN integrations: JP per NIP
and counting period, and completed development with hours and certificate numbers.

A client system sends `Authorization: Token <token>`; the token names one ApiClient, scoped to
one OPD or the whole province. No token or an unknown or revoked one: 401. A NIP outside the
client's scope answers 404, like a NIP that does not exist. Every call, answered or refused, is
written to the call log (ApiCall) with the client, path, status and number of rows."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission

from intan_wpl.security import client_ip
from learning_records.forms.api import ApiQuerySerializer, DevelopmentSerializer, JpPeriodSerializer
from learning_records.models import ApiClient
from learning_records.selectors.api import active_client_for_token, completed_development, jp_periods, person_for_client
from learning_records.services.api_clients import api_call_record
from learning_records.services.exports import siasn_row

KEYWORDS = (b"token", b"bearer")


class ApiClientAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts:
            return None
        if parts[0].lower() not in KEYWORDS or len(parts) != 2:
            raise AuthenticationFailed(_("Header Authorization harus berbentuk: Token <token>."))
        client = active_client_for_token(parts[1].decode(errors="replace"))
        if client is None:
            raise AuthenticationFailed(_("Token tidak dikenal atau sudah dicabut."))
        return AnonymousUser(), client

    def authenticate_header(self, request):
        return 'Token realm="api"'


class ApiClientAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiClientAuthentication
    name = "tokenKlien"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Token <token>"}


class HasApiClient(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)


class ApiPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "ukuran"
    max_page_size = 500


class LoggedApiView(ListAPIView):
    """Token, scope and pagination for every endpoint; each response is written to the log."""

    authentication_classes = [ApiClientAuthentication]
    permission_classes = [HasApiClient]
    pagination_class = ApiPagination
    row_count = 0

    def query(self):
        """(person or None, year or None) from ?nip= and ?tahun=; 400 when malformed."""
        params = ApiQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        nip = params.validated_data.get("nip")
        person = person_for_client(self.request.auth, nip) if nip else None
        return person, params.validated_data.get("tahun")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.row_count = len(page)
        return page

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        client = request.auth if isinstance(request.auth, ApiClient) else None
        api_call_record(
            client=client,
            path=request.get_full_path(),
            status=response.status_code,
            row_count=self.row_count if response.status_code == 200 else 0,
            remote_addr=client_ip(request) or "",
        )
        response["Cache-Control"] = "no-store"
        return response


QUERY_DOC = {"parameters": [ApiQuerySerializer]}


@extend_schema(
    summary="JP per NIP dan periode hitung",
    description="Tahun kalender untuk PNS, tahun perjanjian kerja untuk PPPK (seperti buku JP).",
    **QUERY_DOC,
)
class JpPeriodList(LoggedApiView):
    serializer_class = JpPeriodSerializer

    def get_queryset(self):
        person, year = self.query()
        return jp_periods(self.request.auth, person=person, year=year)


@extend_schema(
    summary="Pengembangan kompetensi yang selesai",
    description="Satu baris per orang dan kegiatan (baris ekspor SIASN): jam, nomor sertifikat, sumber.",
    **QUERY_DOC,
)
class DevelopmentList(LoggedApiView):
    serializer_class = DevelopmentSerializer

    def get_queryset(self):
        person, year = self.query()
        return completed_development(self.request.auth, person=person, year=year)

    def paginate_queryset(self, queryset):
        return [siasn_row(credit) for credit in super().paginate_queryset(queryset)]
