"""Routes of the entry area (/entry/): yearly entry, review, year closing, task reports, Excel."""

from django.urls import path

from indicators.entry.views import completeness, reports, review, targets, transfer, values

app_name = "entry"
urlpatterns = [
    path("", values.home, name="home"),
    path("actual/<int:pk>/", values.actual_detail, name="actual_detail"),
    path("review/", review.review_queue, name="review_queue"),
    path("years/", review.years, name="years"),
    path("completeness/", completeness.completeness, name="completeness"),
    path("tasks/", reports.tasks, name="tasks"),
    path("tasks/<int:task_id>/", reports.task_report, name="task_report"),
    path("import/", transfer.import_upload, name="import"),
    path("template/", transfer.template_download, name="template"),
    path("export/", transfer.export, name="export"),
    path("targets/", targets.targets, name="targets"),
    path("targets/import/", targets.targets_import, name="targets_import"),
    path("targets/template/", targets.targets_template, name="targets_template"),
]
