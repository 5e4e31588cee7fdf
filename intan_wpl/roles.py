"""Role checks for views: the one place that says which role may open which page."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from intan_wpl.models import Role


def role_required(*roles):
    """Allow the view only to signed-in users holding one of `roles` (403 otherwise).

    Login itself is enforced for every view by LoginRequiredMiddleware.
    """
    allowed = {Role(r) for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


admin_required = role_required(Role.ADMIN)

# Everyone who works on the pilots: the pages of the journey (registry, field work, plans, JP)
# open for these roles, each scoped by visible_to; the Kepala BPSDM reads them all and writes none.
STAFF_ROLES = (Role.ADMIN, Role.KEPALA_BPSDM, Role.WIDYAISWARA, Role.KEPALA_OPD)
# Who may take the PDF batch of plans in force (issue 12): admin and Kepala BPSDM for every OPD,
# a Widyaiswara for the OPDs they are assigned to (the scope is ProgrammeOpd.visible_to).
PLAN_PDF_BATCH_ROLES = (Role.ADMIN, Role.KEPALA_BPSDM, Role.WIDYAISWARA)
