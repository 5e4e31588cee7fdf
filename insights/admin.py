"""The admin edits the items of the learning-culture questionnaire here (text, dimension, order,
active). Responses are not registered: nobody reads a single anonymous response."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from insights.models import CultureQuestion


@admin.register(CultureQuestion)
class CultureQuestionAdmin(SimpleHistoryAdmin):
    list_display = ("order", "text", "dimension", "active")
    list_display_links = ("text",)
    list_editable = ("order", "active")
    list_filter = ("dimension", "active")
    ordering = ("order", "pk")
