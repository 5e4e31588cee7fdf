"""The admin edits the items of the reaction evaluation here (text, order, active). Responses
are not registered: nobody reads a single anonymous response."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from learning_records.models import ReactionQuestion


@admin.register(ReactionQuestion)
class ReactionQuestionAdmin(SimpleHistoryAdmin):
    list_display = ("order", "text", "active")
    list_display_links = ("text",)
    list_editable = ("order", "active")
    list_filter = ("active",)
    ordering = ("order", "pk")
