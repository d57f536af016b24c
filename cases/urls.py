from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("new/", views.case_start, name="start"),
    path("new/details/", views.case_create, name="create"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/edit/", views.case_edit, name="edit"),
    path("<str:reference>/checklist/", views.case_checklist, name="checklist"),
    path("<str:reference>/documents/", views.case_document_upload, name="upload"),
    path("<str:reference>/documents/<str:token>/", views.document_download, name="document"),
    path("<str:reference>/submit/", views.case_submit, name="submit"),
    path("<str:reference>/messages/", views.case_message, name="message"),
    path("<str:reference>/withdraw/", views.case_withdraw, name="withdraw"),
    path("<str:reference>/confirmation.pdf", views.confirmation_pdf, name="confirmation"),
]
