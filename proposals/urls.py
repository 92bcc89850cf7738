"""Routes of the proposals area (/proposals/). The menu shows "提案答复" at `proposals:list`."""

from django.urls import path

from proposals import commitment_views, handling_views, views
from proposals.documents import views as documents
from proposals.figurecheck import views as figurecheck

app_name = "proposals"
urlpatterns = [
    path("", views.reply_list, name="list"),
    path("replies/<int:pk>/", views.reply_detail, name="detail"),
    path("commitments/", views.commitment_board, name="board"),
    path("commitments/<int:pk>/record/", views.commitment_record, name="record"),
    path("commitments/<int:pk>/", commitment_views.commitment_detail, name="commitment"),
    path(
        "commitments/<int:pk>/<slug:action>/",
        commitment_views.commitment_action,
        name="commitment_action",
    ),
    path("commitment-files/<int:pk>/", commitment_views.commitment_file, name="commitment_file"),
    path("replies/<int:pk>/follows-up/", commitment_views.reply_follow_up, name="follow_up"),
    path("units/<int:pk>/", views.unit_commitments, name="unit"),
    path("import/", views.import_start, name="import"),
    path("import/<str:token>/", views.import_confirm, name="import_confirm"),
    path("replies/<int:pk>/docx/", documents.reply_docx, name="reply_docx"),
    path("drafts/", documents.draft_list, name="drafts"),
    path("drafts/new/", documents.draft_create, name="draft_create"),
    path("drafts/<int:pk>/", documents.draft_edit, name="draft"),
    path("drafts/<int:pk>/sign/", documents.draft_sign, name="draft_sign"),
    path("drafts/<int:pk>/delete/", documents.draft_delete, name="draft_delete"),
    path("drafts/<int:pk>/docx/", documents.draft_docx, name="draft_docx"),
    path("figure-check/", figurecheck.figure_check_page, name="figure_check"),
    path("handling/", handling_views.handling_board, name="handling_board"),
    path("handling/receive/", handling_views.handling_receive, name="handling_receive"),
    path("handling/<int:pk>/", handling_views.handling_detail, name="handling_detail"),
    path("handling/<int:pk>/<slug:step>/", handling_views.handling_step, name="handling_step"),
    path("public/", handling_views.public_index, name="public_index"),
    path("public/<str:session>/", handling_views.public_session, name="public_session"),
]
