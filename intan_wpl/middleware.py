"""Safety nets around every request: hostile input that Django lets through to the database
layer, input that is not UTF-8, and browser caching of pages with personal data."""

import logging
import re
import time
from datetime import timedelta
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from intan_wpl.models import FormSubmission
from intan_wpl.selectors.profile import instance_profile
from intan_wpl.services.second_factor import has_second_factor, requires_second_factor

logger = logging.getLogger(__name__)


class HostileInputMiddleware:
    """Safety net for input Django's forms do not see:

    - a NUL character in the query string (PostgreSQL refuses it in any query, so a search box
      or filter read from request.GET would answer 500; form fields already reject NUL);
    - an OverflowError (an id beyond 64 bits posted to a multi-select: Django's `__in` lookup
      passes it to SQLite unchecked).
    Both get a styled 400 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _input_is_utf8(request):
            logger.warning("Rejected input that is not UTF-8 in %s %s", request.method, request.path)
            return render(request, "400.html", status=400)
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            logger.warning("Rejected NUL character in the query string of %s", request.path)
            return render(request, "400.html", status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            logger.warning("Rejected out-of-range number in %s %s", request.method, request.path)
            return render(request, "400.html", status=400)
        return None


def _is_utf8(raw):
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _urlencoded_is_utf8(raw):
    return _is_utf8(unquote_to_bytes(raw.replace(b"+", b" ")))


def _input_is_utf8(request):
    """Every page of the portal is UTF-8 and so is everything its forms send. Anything else (a
    query string or form body with bytes that are not UTF-8, a declared charset other than
    UTF-8, a multipart field Django could only decode with replacement characters) is refused
    before a view turns it into text that a database or a template chokes on."""
    if not _urlencoded_is_utf8(request.META.get("QUERY_STRING", "").encode("latin-1", "replace")):
        return False
    if request.method not in ("POST", "PUT", "PATCH"):
        return True
    charset = request.content_params.get("charset")
    if charset and charset.replace("-", "").replace("_", "").lower() != "utf8":
        return False
    if request.content_type == "application/x-www-form-urlencoded":
        return _urlencoded_is_utf8(request.body)
    if request.content_type == "multipart/form-data":
        texts = [text for key, values in request.POST.lists() for text in (key, *values)]
        texts += [upload.name or "" for upload in request.FILES.values()]
        return not any("\ufffd" in text or _has_surrogate(text) for text in texts)
    return True


def _has_surrogate(text):
    return any("\ud800" <= char <= "\udfff" for char in text)


class NoStoreMiddleware:
    """Pages of a signed-in person carry names, NIPs and performance data (UU 27/2022): the
    browser must not keep them (Cache-Control: no-store), so the back button after logout or a
    shared computer's cache shows nothing. Static files are served before this (whitenoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


ONCE_FIELD = "_sekali"
_TOKEN = re.compile(r"^[A-Za-z0-9-]{16,64}$")


class SubmitOnceMiddleware:
    """A form sent twice with the same one-time token (static/js/portal.js adds one to every form
    that posts) is handled once (issue 13, item 6): the repeat gets the first submission's answer
    (its redirect, with a note) instead of a second record. While the first is still running the
    repeat waits for it (SUBMIT_ONCE_WAIT_SECONDS), then says so. A submission whose answer is not
    a redirect (the form came back with errors) frees its token, so the corrected form can be sent.
    htmx requests and forms without a token pass through untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = self._token(request)
        if token is None:
            return self.get_response(request)
        user = request.user
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(user=user, token=token)
        except IntegrityError:
            return self._repeat(request, token)
        FormSubmission.objects.filter(user=user, created_at__lt=timezone.now() - timedelta(days=1)).delete()
        try:
            response = self.get_response(request)
        except Exception:
            submission.delete()
            raise
        if response.status_code in (301, 302, 303) and response.get("Location"):
            FormSubmission.objects.filter(pk=submission.pk).update(location=response["Location"][:500])
        else:
            submission.delete()
        return response

    @staticmethod
    def _token(request):
        if request.method != "POST" or getattr(request, "htmx", False):
            return None
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return None
        token = request.POST.get(ONCE_FIELD, "")
        return token if _TOKEN.match(token) else None

    def _repeat(self, request, token):
        deadline = time.monotonic() + settings.SUBMIT_ONCE_WAIT_SECONDS
        while True:
            first = FormSubmission.objects.filter(user=request.user, token=token).first()
            if first is None:
                # The first submission came back with errors meanwhile: handle this one normally.
                return self.__call__(request)
            if first.location:
                messages.info(
                    request,
                    _("Formulir ini sudah terkirim sebelumnya; inilah hasilnya. Tidak ada yang dibuat dua kali."),
                )
                return redirect(first.location)
            if time.monotonic() >= deadline:
                return render(request, "409_submitted.html", status=409)
            time.sleep(0.25)


# --- Second factor and session lifetime (issue 13, item 2) -------------------------------------

LOGIN_AT_KEY = "intan_wpl_login_at"
ENROLLED_KEY = "intan_wpl_second_factor"
# Pages a signed-in person reaches before their second factor is verified.
BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "intan_wpl:second_factor",
    "intan_wpl:second_factor_verify",
    "intan_wpl:session_keepalive",
}


class SecondFactorMiddleware:
    """After the password, a person whose account needs a second factor (requires_second_factor)
    reaches nothing but the code page (or, not yet enrolled, the enrolment page) until a code
    from their app or a backup code is accepted for this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in BEFORE_SECOND_FACTOR:
            return None
        # Whether the person has a second factor is read once per session (at sign-in), not per page.
        enrolled = request.session.get(ENROLLED_KEY)
        if enrolled is None:
            enrolled = request.session[ENROLLED_KEY] = has_second_factor(user)
        if not requires_second_factor(user, enrolled=enrolled):
            return None
        target = "intan_wpl:second_factor_verify" if enrolled else "intan_wpl:second_factor"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def stamp_login_time(sender, request, user, **kwargs):
    """user_logged_in receiver: the start of the session's absolute lifetime, and whether the
    person has a second factor (SecondFactorMiddleware reads it instead of querying per page)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = int(time.time())
        request.session[ENROLLED_KEY] = has_second_factor(user)


class SessionLifetimeMiddleware:
    """A session ends SESSION_ABSOLUTE_SECONDS after sign-in, however active (the idle timeout,
    SESSION_COOKIE_AGE renewed on every request, ends it sooner when nobody uses it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_KEY)
            now = int(time.time())
            if login_at is None:
                request.session[LOGIN_AT_KEY] = now
            elif now - login_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Sesi Anda sudah berakhir (batas lama sesi). Silakan masuk lagi."))
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class InstanceTimeZoneMiddleware:
    """Every page, document and export a request renders reads times in the instance profile's
    zone (WIB or another of the three), whatever the server's TIME_ZONE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        profile = instance_profile()
        request.instance_profile = profile
        timezone.activate(profile.time_zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
