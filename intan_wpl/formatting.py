"""How numbers, money and times read on every page, document and e-mail: the one definition
of each (DOMAIN.md, "Conventions of the place"). Exports for SIASN keep their own machine
format (dd-mm-yyyy), named where they are written."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone


def rupiah(value):
    """Rupiah the Indonesian way, whatever the active language: Rp1.500.000, -Rp250.000."""
    amount = int(Decimal(value or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    grouped = f"{abs(amount):,}".replace(",", ".")
    return f"{'-' if amount < 0 else ''}Rp{grouped}"


def percent(part, whole):
    """`part` as a percentage of `whole`, to one decimal (half up); None when `whole` is 0."""
    whole = Decimal(whole or 0)
    if not whole:
        return None
    return float((Decimal(part or 0) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def local_datetime(value):
    """A moment as people here read it, in the portal's time zone: "Kamis, 21 Agustus 2025, 14.30 WIB"."""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def short_date(value):
    """A date in tables and comparisons: "21-08-2025"; "—" when there is none."""
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def format_nip(nip):
    """A NIP grouped as Indonesians read it: 19860926 201505 1 001."""
    if len(nip or "") != 18:
        return nip or ""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
