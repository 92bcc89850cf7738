"""Routes of the entry area (/entry/): yearly entry, review, year closing, task reports, Excel."""

from django.urls import path

from indicators.entry import views as entry_views

app_name = "entry"
urlpatterns = [
    path("", entry_views.home, name="home"),
    path("actual/<int:pk>/", entry_views.actual_detail, name="actual_detail"),
    path("review/", entry_views.review_queue, name="review_queue"),
    path("years/", entry_views.years, name="years"),
    path("tasks/", entry_views.tasks, name="tasks"),
    path("tasks/<int:task_id>/", entry_views.task_report, name="task_report"),
    path("import/", entry_views.import_upload, name="import"),
    path("template/", entry_views.template_download, name="template"),
    path("export/", entry_views.export, name="export"),
]
