"""Routes of the dashboards (/dashboards/). The menu shows an entry for each of overview,
counties, levers and units as soon as its name resolves (wzsci/context_processors.py)."""

from django.urls import path

from indicators.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("counties/", views.counties, name="counties"),
    path("counties/<str:code>/", views.region, name="region"),
    path("groups/<int:pk>/", views.group, name="group"),
    path("levers/", views.levers, name="levers"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("tasks/<int:pk>/", views.task, name="task"),
]
