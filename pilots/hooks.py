"""What later apps show on the registry's pages without the registry importing them.

The stage of a programme OPD is derived from field work, plans and realisation, so it is
defined in `insights` (insights.selectors.stages). The registry pages show it all the same:
insights registers the derivation here when it starts (insights.apps), and pilots asks this
module. Without a registered provider the registry shows no stage.
"""

from collections.abc import Callable
from dataclasses import dataclass

STAGE_FIELD = "stage_value"


@dataclass(frozen=True)
class StageProvider:
    annotate: Callable  # (ProgrammeOpd queryset, name) -> queryset annotated with a stage code
    label: Callable  # (stage code) -> the text people read


_stage_provider = None


def register_stage_provider(provider):
    global _stage_provider
    _stage_provider = provider


def with_stage(queryset):
    """Annotate ProgrammeOpd rows with the stage code under STAGE_FIELD (one expression)."""
    if _stage_provider is None:
        return queryset
    return _stage_provider.annotate(queryset, name=STAGE_FIELD)


def stage_label(programme_opd):
    """The stage of one ProgrammeOpd as text: from its annotation when it carries one, else
    asked of the database with the same expression (one query). Empty without a provider."""
    if _stage_provider is None:
        return ""
    value = getattr(programme_opd, STAGE_FIELD, None)
    if value is None:
        value = (
            with_stage(type(programme_opd).objects.filter(pk=programme_opd.pk))
            .values_list(STAGE_FIELD, flat=True)
            .get()
        )
    return _stage_provider.label(value)
