# Routes of the proposals area; filled in by its issue.
app_name = "proposals"
urlpatterns = []
