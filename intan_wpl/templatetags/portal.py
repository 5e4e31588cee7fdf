"""Template filters for how figures read on every page (intan_wpl.formatting): {% load portal %}."""

from django import template

from intan_wpl import formatting

register = template.Library()


@register.filter
def rupiah(value):
    """{{ cost|rupiah }} -> Rp1.500.000"""
    return formatting.rupiah(value)


@register.filter
def moment(value):
    """{{ when|moment }}: the moment in the portal's time zone with the zone's name
    (formatting.local_datetime); "" for none."""
    return formatting.local_datetime(value) if value else ""
