# Routes of the entry area; filled in by its issue.
app_name = "entry"
urlpatterns = []
