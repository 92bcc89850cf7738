"""What the API itself decides: who may call it at all, and that a read-only token never writes.

Who may write what (roles, units, regions, the workflow) is decided by indicators.entry.services,
the same for every path; the API never repeats those rules.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from indicators.api.exceptions import ReadOnlyToken
from indicators.models import ApiToken


class TokenScope(BasePermission):
    """A read-only token may only read."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if isinstance(request.auth, ApiToken) and request.auth.read_only:
            raise ReadOnlyToken()
        return True
