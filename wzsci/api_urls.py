# Routes of the api area; filled in by its issue.
app_name = "api"
urlpatterns = []
