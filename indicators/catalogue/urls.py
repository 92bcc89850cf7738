from django.urls import path

from indicators.catalogue import views

urlpatterns = [
    path("", views.home, name="home"),
]
