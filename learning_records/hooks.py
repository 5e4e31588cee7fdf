"""What later apps ask a Pegawai to do on "Pembelajaran Saya" without this app importing them.

The learning-culture questionnaire lives in `insights` (it feeds the culture index there);
insights registers a provider here when it starts (insights.apps), and the page lists what every
provider returns. Without a provider the page lists nothing."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PegawaiTask:
    title: str
    detail: str
    url: str


_task_providers = []


def register_pegawai_task_provider(provider):
    """`provider(pegawai)` returns the PegawaiTasks still open for that person."""
    if provider not in _task_providers:
        _task_providers.append(provider)


def pegawai_tasks(pegawai):
    return [task for provider in _task_providers for task in provider(pegawai)]
