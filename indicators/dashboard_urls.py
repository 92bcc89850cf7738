# Routes of the dashboards area; filled in by its issue.
app_name = "dashboards"
urlpatterns = []
