"""Base context: the signed-in user's unread notification count for the navbar bell."""

from django.utils.functional import SimpleLazyObject

from learning_needs.models import Notification


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that does not show the bell (a PDF, a fragment) costs no query.
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, is_read=False).count()
        )
    }
