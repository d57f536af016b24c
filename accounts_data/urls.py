from django.urls import path

from . import views

app_name = "accounts_data"

urlpatterns = [
    path("", views.data_page, name="index"),
    path("export.json", views.export_json, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
