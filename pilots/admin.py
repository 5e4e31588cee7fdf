from django.contrib import admin

from pilots.models import Assignment, Opd, Programme, ProgrammeOpd


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "kind", "head"]
    list_filter = ["kind"]
    search_fields = ["name", "abbreviation"]
    list_select_related = ["head"]


class ProgrammeOpdInline(admin.TabularInline):
    model = ProgrammeOpd
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date", "status", "decree_number"]
    list_filter = ["status"]
    search_fields = ["name", "decree_number"]
    inlines = [ProgrammeOpdInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["widyaiswara", "programme_opd", "role", "letter_number"]
    list_filter = ["role", "programme_opd__programme"]
    list_select_related = ["widyaiswara", "programme_opd__opd", "programme_opd__programme"]
