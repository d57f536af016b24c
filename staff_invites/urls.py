from django.urls import path

from . import views

urlpatterns = [
    path("enrol/", views.enrolment_required, name="staff_enrolment_required"),
    path("enrol/<str:token>/", views.accept_invitation, name="staff_invitation"),
    path("continue/", views.continue_to_work, name="staff_continue"),
]
