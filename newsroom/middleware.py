"""Project-wide middleware: response headers Django has no setting for."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY`` as the ``Permissions-Policy`` header.

    A view that sets the header itself keeps its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
