from django.urls import path

from . import views

urlpatterns = [
    path("health", views.health),
    path("api/legacy/items/<int:item_id>", views.legacy_item),
    path("api/items/<int:item_id>", views.ItemView.as_view()),
    path("api/orders/", views.orders),
    path("api/me", views.me),
    path("api/profile", views.profile),
    path("internal/stats", views.internal_stats),
]
