from django.urls import path

from . import notification_views, views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "notifications/",
        notification_views.notification_preferences,
        name="notification-preferences",
    ),
]
