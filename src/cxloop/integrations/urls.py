from django.urls import path

from cxloop.integrations import views

app_name = "integrations"

urlpatterns = [
    path(
        "shopify/<str:workspace>/webhook",
        views.shopify_webhook,
        name="shopify_webhook",
    ),
    path(
        "woocommerce/<str:workspace>/webhook",
        views.woocommerce_webhook,
        name="woocommerce_webhook",
    ),
    path("magento/<str:workspace>/orders", views.magento_orders, name="magento_orders"),
    path(
        "magento/<str:workspace>/customers",
        views.magento_customers,
        name="magento_customers",
    ),
]
