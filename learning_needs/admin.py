from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from learning_needs.models import Cause, Competency, FieldSession, LearningNeed, Problem, Recommendation


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "opd"]
    list_filter = ["group"]
    search_fields = ["code", "name"]


@admin.register(FieldSession)
class FieldSessionAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "date", "kind", "programme_opd"]
    list_filter = ["kind"]
    list_select_related = ["programme_opd__opd", "programme_opd__programme"]


@admin.register(Problem)
class ProblemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme_opd", "urgency", "seriousness", "growth"]
    list_select_related = ["programme_opd__opd", "programme_opd__programme"]


admin.site.register(Cause, SimpleHistoryAdmin)
admin.site.register(Recommendation, SimpleHistoryAdmin)
admin.site.register(LearningNeed, SimpleHistoryAdmin)
