"""iCalendar (RFC 5545) text for a person's agenda feed, and the secret token of the feed URL.

The token is an HMAC of the user's id and password hash: a calendar app can fetch the feed
without a session, and changing the password (or a reset by the admin) revokes every old URL."""

from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

TOKEN_SALT = "intan_wpl.icalendar.agenda_feed"  # noqa: S105 (an HMAC salt, not a password)


def feed_token(user):
    """`<user id>.<hmac>`: the `kunci` of the user's feed URL."""
    digest = salted_hmac(TOKEN_SALT, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:40]
    return f"{user.pk}.{digest}"


def user_for_token(token):
    """The active user whose feed token is `token`, or None."""
    from django.contrib.auth import get_user_model

    user_pk, _dot, _digest = (token or "").partition(".")
    if not user_pk.isdigit():
        return None
    user = get_user_model().objects.filter(pk=int(user_pk), is_active=True).first()
    if user is None or not constant_time_compare(feed_token(user), token):
        return None
    return user


def _escape(text):
    return (
        str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets continue on the next line after one space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") if moment else None


def calendar_text(events, *, name, host):
    """VCALENDAR of `events`: dicts with uid, summary, location, url, and either start/end
    (aware datetimes) or day/last_day (dates, whole days)."""
    stamp = _utc(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//INTAN-WPL//Agenda//ID", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(name)}"]  # fmt: skip
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event['uid']}@{host}", f"DTSTAMP:{stamp}"]
        if event.get("start"):
            lines.append(f"DTSTART:{_utc(event['start'])}")
            if event.get("end"):
                lines.append(f"DTEND:{_utc(event['end'])}")
        else:
            last_day = event.get("last_day") or event["day"]
            lines.append(f"DTSTART;VALUE=DATE:{event['day']:%Y%m%d}")
            lines.append(f"DTEND;VALUE=DATE:{last_day + timedelta(days=1):%Y%m%d}")
        lines += [f"SUMMARY:{_escape(event['summary'])}", f"LOCATION:{_escape(event['location'])}",
                  f"URL:{event['url']}", "END:VEVENT"]  # fmt: skip
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
