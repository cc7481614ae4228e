from django.urls import path

from cxloop.web.views import (
    customers,
    dashboard,
    drivers,
    feedback,
    journeys,
    settings,
    shops,
    surveys,
    topics,
    webhooks,
    widget_settings,
)

app_name = "web"

urlpatterns = [
    path("", dashboard.overview, name="overview"),
    path("feedback/", feedback.feedback_inbox, name="feedback_inbox"),
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/new/", surveys.survey_new, name="survey_new"),
    path("surveys/<slug:key>/", surveys.survey_edit, name="survey_edit"),
    path("surveys/<slug:key>/preview/", surveys.survey_preview, name="survey_preview"),
    path(
        "feedback/export.csv",
        feedback.feedback_export,
        {"fmt": "csv"},
        name="feedback_export_csv",
    ),
    path(
        "feedback/export.json",
        feedback.feedback_export,
        {"fmt": "json"},
        name="feedback_export_json",
    ),
    path("customers/", customers.customer_list, name="customer_list"),
    path("customers/<int:pk>/", customers.customer_detail, name="customer_detail"),
    path(
        "customers/<int:pk>/export.json",
        customers.customer_export,
        name="customer_export",
    ),
    path("customers/<int:pk>/erase/", customers.customer_erase, name="customer_erase"),
    path("workspace/switch/", dashboard.workspace_switch, name="workspace_switch"),
    path("settings/", settings.settings_workspace, name="settings_workspace"),
    path("settings/members/", settings.settings_members, name="settings_members"),
    path("settings/members/<int:pk>/role/", settings.member_role, name="member_role"),
    path(
        "settings/members/<int:pk>/remove/",
        settings.member_remove,
        name="member_remove",
    ),
    path("settings/api-keys/", settings.settings_apikeys, name="settings_apikeys"),
    path("settings/shops/", shops.settings_shops, name="settings_shops"),
    path("settings/widget/", widget_settings.settings_widget, name="settings_widget"),
    path("settings/webhooks/", webhooks.settings_webhooks, name="settings_webhooks"),
    path(
        "settings/webhooks/<int:pk>/deliveries/",
        webhooks.webhook_deliveries,
        name="webhook_deliveries",
    ),
    path(
        "settings/webhooks/<int:pk>/enabled/",
        webhooks.webhook_set_enabled,
        name="webhook_set_enabled",
    ),
    path(
        "settings/webhooks/<int:pk>/rotate/",
        webhooks.webhook_rotate,
        name="webhook_rotate",
    ),
    path(
        "settings/webhooks/<int:pk>/test/", webhooks.webhook_test, name="webhook_test"
    ),
    path(
        "settings/webhooks/<int:pk>/delete/",
        webhooks.webhook_delete,
        name="webhook_delete",
    ),
    path(
        "settings/webhooks/<int:pk>/redeliver-failed/",
        webhooks.webhook_redeliver_failed,
        name="webhook_redeliver_failed",
    ),
    path(
        "settings/webhook-deliveries/<int:pk>/",
        webhooks.webhook_delivery,
        name="webhook_delivery",
    ),
    path(
        "settings/webhook-deliveries/<int:pk>/redeliver/",
        webhooks.webhook_redeliver,
        name="webhook_redeliver",
    ),
    path(
        "settings/shops/<int:pk>/active/", shops.shop_set_active, name="shop_set_active"
    ),
    path(
        "settings/api-keys/<int:pk>/revoke/",
        settings.apikey_revoke,
        name="apikey_revoke",
    ),
    path("topics/", topics.topic_list, name="topic_list"),
    path("topics/new/", topics.topic_create, name="topic_create"),
    path("topics/status/", topics.topic_status, name="topic_status"),
    path("topics/discover/", topics.topic_discover, name="topic_discover"),
    path("topics/reassign/", topics.topic_reassign, name="topic_reassign"),
    path("topics/<int:number>/<slug:action>/", topics.topic_edit, name="topic_edit"),
    path("journeys/", journeys.journey_map, name="journey_map"),
    path("irritants/", drivers.irritant_list, name="irritant_list"),
    path("drivers/", drivers.driver_list, name="driver_list"),
    path(
        "journeys/touchpoints/<slug:key>/",
        journeys.touchpoint_edit,
        name="touchpoint_edit",
    ),
]
