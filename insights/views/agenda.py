"""A person's agenda as an iCalendar feed: opened by a calendar app with the secret key of the
feed URL (no session), or by the signed-in person without it."""

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from insights.selectors.agenda import agenda_for
from intan_wpl.icalendar import calendar_text, user_for_token
from intan_wpl.models import Role

FEED_PAST_DAYS = 14
FEED_DAYS = 74  # two weeks back, two months ahead


@login_not_required
def agenda_feed(request):
    user = user_for_token(request.GET.get("kunci"))
    if user is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = request.user
    if user.role not in (Role.ADMIN, Role.WIDYAISWARA, Role.KEPALA_OPD):
        return redirect_to_login(request.get_full_path())
    start = timezone.localdate() - timedelta(days=FEED_PAST_DAYS)
    events = []
    for item in agenda_for(user, start=start, days=FEED_DAYS):
        events.append({"uid": item.uid, "summary": f"{item.kind}: {item.title}", "location": item.where,
                       "url": request.build_absolute_uri(item.url), "start": item.starts_at(), "end": item.ends_at(),
                       "day": item.day, "last_day": item.last_day})  # fmt: skip
    body = calendar_text(events, name=_("Agenda INTAN-WPL %(name)s") % {"name": user.display_name},
                         host=request.get_host().split(":")[0])  # fmt: skip
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda-intan-wpl.ics"'
    return response
