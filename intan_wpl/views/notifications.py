"""The signed-in user's own notifications (review news of learning plans): nobody else's are
reachable, another user's notification id is a 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intan_wpl.listing import paginate
from intan_wpl.models import Notification
from intan_wpl.services.notifications import notification_open as open_notification
from intan_wpl.services.notifications import notifications_mark_all_read


@require_POST
def notification_open(request, pk):
    notification = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=pk)
    open_notification(notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect("intan_wpl:notification_list")


def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user).order_by("is_read", "-created_at", "-pk")
    page, query_string = paginate(request, notifications)
    return render(
        request,
        "intan_wpl/notifications/notification_list.html",
        {"page": page, "query_string": query_string},
    )


@require_POST
def notification_mark_all(request):
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("%(count)s notifikasi ditandai sudah dibaca.") % {"count": count})
    return redirect("intan_wpl:notification_list")
