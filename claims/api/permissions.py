from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissionsOrAnonReadOnly


class ReadOpenWriteWithModelPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Anyone may read; writes need the model permission (the Analysts group's, say).

    The same rule as the parent class, which needs no permission for a read either, but decided
    before the parent builds the view's queryset just to learn its model: reads are the hot path,
    and which rows a caller sees is the queryset's business (`visible_to`).
    """

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or super().has_permission(request, view)


class CanAddCitations(BasePermission):
    """Analysts only: those who may add citations (the Analysts group may). Anonymous callers get
    401 with `WWW-Authenticate: Token`, like every write; others without the permission 403."""

    message = "Only analysts (with permission to add citations) may do this."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("claims.add_citation"))
