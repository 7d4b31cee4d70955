from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly


class ReadOpenWriteWithModelPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Anyone may read; writes need the model permission (the Analysts group's, say).

    The same rule as the parent class, which needs no permission for a read either, but decided
    before the parent builds the view's queryset just to learn its model: reads are the hot path,
    and which rows a caller sees is the queryset's business (`visible_to`).
    """

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or super().has_permission(request, view)
