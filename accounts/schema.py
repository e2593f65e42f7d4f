"""The OpenAPI security scheme of :class:`accounts.authentication.ApiTokenAuthentication`."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class ApiTokenScheme(KnoxTokenScheme):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"
