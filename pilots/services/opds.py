"""Writes for the OPD registry: perangkat daerah and their unit kerja.

Every rule the pages promise lives here (the forms only repeat some of them for a friendlier
message), so a script or another page that writes an OPD gets the same protection."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intan_wpl.deletion import delete_if_unused
from intan_wpl.models import Role
from pilots.models import Opd, OpdKind, Pegawai, ProgrammeOpd, UnitKerja

# How many names a blocker message spells out before it says "dan N lainnya".
_NAMES_SHOWN = 3


def opd_name_taken(name, *, exclude_pk=None):
    """True when another OPD already has `name`, ignoring case and surrounding spaces."""
    return Opd.objects.filter(name__iexact=(name or "").strip()).exclude(pk=exclude_pk).exists()


def unit_name_taken(*, opd, name, exclude_pk=None):
    """True when `opd` already has a unit called `name`, ignoring case and surrounding spaces."""
    return opd.units.filter(name__iexact=(name or "").strip()).exclude(pk=exclude_pk).exists()


def _full_clean(obj, errors):
    """Run the model's own validation and raise it together with `errors` (fields already in
    `errors` are not validated twice, so one field never shows two messages for one mistake)."""
    try:
        obj.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        # Model.clean() may repeat a rule checked here; say each thing once.
        raise ValidationError(
            {
                field: list(dict.fromkeys(message for item in items for message in ValidationError(item).messages))
                for field, items in errors.items()
            }
        )


def _validate_opd(opd, *, previous_head_id=None):
    errors = {}
    if opd.name and opd_name_taken(opd.name, exclude_pk=opd.pk):
        errors["name"] = [_("Sudah ada OPD bernama “%(name)s”.") % {"name": opd.name}]
    if opd.parent_id and opd.parent.kind != OpdKind.DINAS:
        errors["parent"] = [_("Induk sebuah UPT harus OPD berjenis Dinas.")]
    if opd.pk and opd.kind != OpdKind.DINAS:
        upt_count = Opd.objects.filter(parent=opd).count()
        if upt_count:
            errors["kind"] = [
                ngettext(
                    "OPD ini membawahi %(count)d UPT, jadi jenisnya harus tetap Dinas.",
                    "OPD ini membawahi %(count)d UPT, jadi jenisnya harus tetap Dinas.",
                    upt_count,
                )
                % {"count": upt_count}
            ]
    # A head who was deactivated later may stay until replaced; a newly chosen head must be active.
    if opd.head_id and opd.head_id != previous_head_id:
        if opd.head.role != Role.KEPALA_OPD:
            errors["head"] = [_("Kepala OPD harus pengguna dengan peran Kepala OPD.")]
        elif not opd.head.is_active:
            errors["head"] = [_("Akun pengguna ini tidak aktif: pilih Kepala OPD yang aktif.")]
    _full_clean(opd, errors)


def _save_opd(opd):
    try:
        with transaction.atomic():
            opd.save()
    except IntegrityError:
        # Two admins saving the same name at once: the database's unique index decides.
        raise ValidationError({"name": _("Sudah ada OPD bernama “%(name)s”.") % {"name": opd.name}}) from None
    return opd


@transaction.atomic
def opd_create(*, name, kind, abbreviation="", parent=None, address="", head=None):
    opd = Opd(
        name=name.strip(),
        abbreviation=abbreviation.strip(),
        kind=kind,
        parent=parent,
        address=address.strip(),
        head=head,
    )
    _validate_opd(opd)
    return _save_opd(opd)


@transaction.atomic
def opd_update(*, opd, name, kind, abbreviation="", parent=None, address="", head=None):
    previous_head_id = Opd.objects.filter(pk=opd.pk).values_list("head_id", flat=True).first()
    opd.name = name.strip()
    opd.abbreviation = abbreviation.strip()
    opd.kind = kind
    opd.parent = parent
    opd.address = address.strip()
    opd.head = head
    _validate_opd(opd, previous_head_id=previous_head_id)
    return _save_opd(opd)


def _names(items):
    names = [str(item) for item in items[:_NAMES_SHOWN]]
    text = ", ".join(names)
    if len(items) > _NAMES_SHOWN:
        text += _(" dan %(count)d lainnya") % {"count": len(items) - _NAMES_SHOWN}
    return text


def opd_delete_blockers(*, opd):
    """Why `opd` may not be deleted, one sentence per reason; [] when it may."""
    blockers = []
    programmes = [po.programme.name for po in ProgrammeOpd.objects.filter(opd=opd).select_related("programme")]
    if programmes:
        blockers.append(
            ngettext(
                "%(count)d program: %(names)s",
                "%(count)d program: %(names)s",
                len(programmes),
            )
            % {"count": len(programmes), "names": _names(programmes)}
        )
    staff = Pegawai.objects.filter(opd=opd).aggregate(total=Count("pk"), units=Count("unit", distinct=True))
    if staff["total"]:
        if staff["units"]:
            text = _("%(count)d pegawai dalam daftar pegawainya (di %(units)d unit kerja)")
        else:
            text = _("%(count)d pegawai dalam daftar pegawainya")
        blockers.append(text % {"count": staff["total"], "units": staff["units"]})
    upts = list(Opd.objects.filter(parent=opd).order_by("name").values_list("name", flat=True))
    if upts:
        blockers.append(
            ngettext("%(count)d UPT di bawahnya: %(names)s", "%(count)d UPT di bawahnya: %(names)s", len(upts))
            % {"count": len(upts), "names": _names(upts)}
        )
    return blockers


@transaction.atomic
def opd_delete(*, opd):
    """Delete `opd` (its empty units go with it) and return []; when something still depends on
    it, delete nothing and return why."""
    blockers = opd_delete_blockers(opd=opd)
    if blockers:
        return blockers
    # Anything added later that protects an OPD (e.g. field-work records) still stops the delete.
    return delete_if_unused(opd)


def _validate_unit(unit):
    errors = {}
    if unit.name and unit_name_taken(opd=unit.opd, name=unit.name, exclude_pk=unit.pk):
        errors["name"] = [
            _("%(opd)s sudah memiliki unit kerja bernama “%(name)s”.") % {"opd": unit.opd.short_name, "name": unit.name}
        ]
    _full_clean(unit, errors)


def _save_unit(unit):
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:
        raise ValidationError(
            {
                "name": _("%(opd)s sudah memiliki unit kerja bernama “%(name)s”.")
                % {"opd": unit.opd.short_name, "name": unit.name}
            }
        ) from None
    return unit


@transaction.atomic
def unit_create(*, opd, name, works_in_shifts=False):
    unit = UnitKerja(opd=opd, name=name.strip(), works_in_shifts=works_in_shifts)
    _validate_unit(unit)
    return _save_unit(unit)


@transaction.atomic
def unit_update(*, unit, name, works_in_shifts=False):
    unit.name = name.strip()
    unit.works_in_shifts = works_in_shifts
    _validate_unit(unit)
    return _save_unit(unit)


def unit_delete_blockers(*, unit):
    staff_count = unit.staff.count()
    if not staff_count:
        return []
    return [
        ngettext(
            "%(count)d pegawai di unit kerja ini (pindahkan dulu ke unit lain)",
            "%(count)d pegawai di unit kerja ini (pindahkan dulu ke unit lain)",
            staff_count,
        )
        % {"count": staff_count}
    ]


@transaction.atomic
def unit_delete(*, unit):
    """Delete `unit` and return []; while staff are in it, delete nothing and return why."""
    blockers = unit_delete_blockers(unit=unit)
    if blockers:
        return blockers
    return delete_if_unused(unit)
