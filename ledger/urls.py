from django.urls import path

from ledger import national, qualifications, views

app_name = "ledger"
urlpatterns = [
    path("me/record/", views.record, name="record"),
    path("records/national-export/", national.records_national_export, name="national_export"),
    path("volunteers/<int:pk>/record/", views.record, name="volunteer_record"),
    path("volunteers/<int:pk>/record/<str:what>/new/", views.record_add, name="record_add"),
    path("me/record/<int:entry_pk>/correct/", views.correction_ask, name="correction_ask"),
    path("me/certificates/", views.certificate_issue, name="certificate_issue"),
    path("me/certificates/<str:number>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("verify/<str:number>/<str:code>/", views.verify, name="verify"),
    path("corrections/", views.corrections, name="corrections"),
    path("training/", views.training_list, name="training_list"),
    path("training/new/", views.training_edit, name="training_create"),
    path("training/<int:pk>/", views.training_detail, name="training_detail"),
    path("qualifications/", qualifications.qualification_list, name="qualification_list"),
    path("qualifications/<int:pk>/edit/", qualifications.qualification_edit, name="qualification_edit"),
    path("me/shop/", views.shop, name="shop"),
    path("corrections/<int:pk>/<str:decision>/", views.correction_decide, name="correction_decide"),
]
