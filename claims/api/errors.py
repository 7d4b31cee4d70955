from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models.deletion import ProtectedError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .serializers import as_drf_error


def exception_handler(exc, context):
    """DRF's handler, plus model validation errors as 400 and protected deletes as 409."""
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_error(exc)
    if isinstance(exc, ProtectedError):
        count = len(exc.protected_objects)
        return Response(
            {
                "detail": f"Still referred to by {count} other record{'s' if count != 1 else ''}; "
                "retract or reassign those first."
            },
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
