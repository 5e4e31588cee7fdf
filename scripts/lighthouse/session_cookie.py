"""Print a signed-in session cookie for a demo account, so Lighthouse (which cannot type into
the login form) audits the pages that account sees. Run by scripts/lighthouse/run against its
throwaway database only."""

import os
import sys

import django


def main(username):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intan_wpl.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(60 * 60)
    session.save()
    print(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")


if __name__ == "__main__":
    main(sys.argv[1])
