"""Error responses, documented once for every operation."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

Detail = inline_serializer("ErrorDetail", fields={"detail": serializers.CharField()})

DESCRIPTIONS = {
    400: "Bad input. The body names each offending field as a key, with a list of messages "
    "(nested under `citations` by position for a new claim's citations); malformed JSON gives `detail`.",
    401: "No token, or a bad, expired or revoked one. Answered with `WWW-Authenticate: Token`.",
    403: "Authenticated, but without the permission for this (for example deleting a claim).",
    404: "No such object, or not one you may see, or a page past the last.",
    409: "The object is still referred to by others.",
    412: "`If-Match` names an old version: nothing was changed.",
    415: "Send `Content-Type: application/json`.",
    429: "Too many requests: wait for the seconds in `Retry-After`.",
}


def ERRORS(*codes):  # noqa: N802  (reads as a constant at the call sites)
    return {
        code: OpenApiResponse(OpenApiTypes.OBJECT if code == 400 else Detail, description=DESCRIPTIONS[code])
        for code in codes
    }


READ_ERRORS = ERRORS(400, 401, 404, 429)
WRITE_ERRORS = ERRORS(400, 401, 403, 404, 409, 415, 429)
