from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntanWplConfig(AppConfig):
    name = "intan_wpl"
    verbose_name = _("Akun dan Peran")

    def ready(self):
        # Every historical record becomes a line of the portal-wide audit log (intan_wpl.audit).
        from intan_wpl import audit
        from intan_wpl.models import InstanceProfile, User

        audit.register(User)
        audit.register(InstanceProfile)  # its history page, linked from the profile and the audit log
        audit.connect()
        # Celery tasks are known by name in the web process too (intan_wpl.services.jobs.enqueue).
        # The absolute session lifetime counts from sign-in (intan_wpl.middleware).
        from django.contrib.auth.signals import user_logged_in

        from intan_wpl import checks, tasks  # noqa: F401
        from intan_wpl.middleware import stamp_login_time

        user_logged_in.connect(stamp_login_time, dispatch_uid="intan_wpl.login_at")
