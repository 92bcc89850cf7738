"""The REST API (issue 7), versioned: /api/v1/…  The documentation page's menu name `api_docs`
(un-namespaced, for the site menu) comes from wzsci/api_docs_urls.py, included in wzsci/urls.py."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from indicators.api.views import catalogue, due, entry, meta, progress
from indicators.api.views.base import CODE_REGEX
from proposals.api import views as proposals
from proposals.api.figurecheck import FigureCheckView

app_name = "api"

router = SimpleRouter()
router.register("plans", catalogue.PlanViewSet, basename="plan")
router.register("regions", catalogue.RegionViewSet, basename="region")
router.register("units", catalogue.UnitViewSet, basename="unit")
router.register("levers", catalogue.LeverViewSet, basename="lever")
router.register("tasks", catalogue.TaskViewSet, basename="task")
router.register("indicators", catalogue.IndicatorViewSet, basename="indicator")
router.register("targets", catalogue.TargetViewSet, basename="target")
router.register("actuals", entry.ActualViewSet, basename="actual")
router.register("task-reports", entry.TaskReportViewSet, basename="taskreport")
router.register("snapshots", progress.ProgressSnapshotViewSet, basename="snapshot")
router.register("periods", progress.PeriodSnapshotViewSet, basename="periodsnapshot")
router.register("proposals", proposals.ProposalViewSet, basename="proposal")
router.register("replies", proposals.ReplyViewSet, basename="reply")
router.register("commitments", proposals.CommitmentViewSet, basename="commitment")
router.register("reported-figures", proposals.ReportedFigureViewSet, basename="reportedfigure")

urlpatterns = [
    path("v1/", meta.ApiRootView.as_view(), name="root"),
    path("v1/status/", progress.StatusView.as_view(), name="status"),
    re_path(
        rf"^v1/indicators/(?P<code>{CODE_REGEX})/status/$",
        progress.IndicatorStatusView.as_view(),
        name="indicator-status",
    ),
    path("v1/figure-check/", FigureCheckView.as_view(), name="figure-check"),
    path("v1/due/", due.DueView.as_view(), name="due"),
    path("v1/me/", meta.MeView.as_view(), name="me"),
    path("v1/schema/", meta.SchemaView.as_view(), name="schema"),
    path("v1/docs/", meta.DocsView.as_view(), name="docs"),
    path("v1/", include(router.urls)),
    # Anything else under /api/ is the API's own JSON 404, not the site's HTML page.
    re_path(r"^.*$", meta.api_not_found),
]
