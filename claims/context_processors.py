from django.conf import settings


def site(request):
    return {"publisher": settings.CORROBORATE_PUBLISHER}
