"""Drafts of long forms kept in the browser (static/js/form_draft.js): the key of a form's draft
and the moment it may be dropped. A form page's draft is keyed by user and path; a successful
save answers a POST with a redirect (POST/redirect/GET), so that redirect marks the page's
draft as saved and the next page tells the browser to drop it. A failed save renders the form
again (200) and the draft stays."""

DRAFTS_SAVED = "drafts_saved"
REDIRECTS = {301, 302, 303}


def form_draft_key(user, path):
    return f"intan-wpl:draf:{user.pk}:{path}"


class DraftSavedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method == "POST" and response.status_code in REDIRECTS and user and user.is_authenticated:
            saved = request.session.get(DRAFTS_SAVED, [])
            request.session[DRAFTS_SAVED] = [*saved[-9:], form_draft_key(user, request.path)]
        return response


def drafts(request):
    """Context: this page's draft key (for a form with data-draft-key) and the drafts to drop."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and hasattr(request, "session")):
        return {}
    return {
        "form_draft_key": form_draft_key(user, request.path),
        "drafts_saved": request.session.pop(DRAFTS_SAVED, []) if DRAFTS_SAVED in request.session else [],
    }
