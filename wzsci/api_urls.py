"""The REST API (issue 7), versioned: /api/v1/…  The documentation page's menu name `api_docs`
(un-namespaced, for the site menu) comes from wzsci/api_docs_urls.py, included in wzsci/urls.py."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from indicators.api import views

app_name = "api"

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("regions", views.RegionViewSet, basename="region")
router.register("units", views.UnitViewSet, basename="unit")
router.register("levers", views.LeverViewSet, basename="lever")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("targets", views.TargetViewSet, basename="target")
router.register("actuals", views.ActualViewSet, basename="actual")
router.register("task-reports", views.TaskReportViewSet, basename="taskreport")
router.register("snapshots", views.ProgressSnapshotViewSet, basename="snapshot")
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("replies", views.ReplyViewSet, basename="reply")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("reported-figures", views.ReportedFigureViewSet, basename="reportedfigure")

urlpatterns = [
    path("v1/", views.ApiRootView.as_view(), name="root"),
    path("v1/status/", views.StatusView.as_view(), name="status"),
    re_path(
        rf"^v1/indicators/(?P<code>{views.CODE_REGEX})/status/$",
        views.IndicatorStatusView.as_view(),
        name="indicator-status",
    ),
    path("v1/me/", views.MeView.as_view(), name="me"),
    path("v1/schema/", views.SchemaView.as_view(), name="schema"),
    path("v1/docs/", views.DocsView.as_view(), name="docs"),
    path("v1/", include(router.urls)),
    # Anything else under /api/ is the API's own JSON 404, not the site's HTML page.
    re_path(r"^.*$", views.api_not_found),
]
