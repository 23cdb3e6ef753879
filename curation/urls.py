from django.urls import path

from curation import views

app_name = "curation"

urlpatterns = [
    path("creator/slates/", views.slates, name="slates"),
    path("creator/slates/<int:slate_id>/", views.slate_edit, name="slate-edit"),
    path("creator/slates/<int:slate_id>/<str:action>/", views.slate_action, name="slate-action"),
    path("creator/portfolio/", views.portfolio_manage, name="portfolio"),
    path("creator/share-links/<int:link_id>/revoke/", views.link_revoke, name="link-revoke"),
    path("slates/<int:slate_id>/", views.public_slate, name="public-slate"),
    path("slates/s/<str:token>/", views.shared_slate, name="shared-slate"),
    path("portfolio/<int:user_id>/", views.public_portfolio, name="public-portfolio"),
    path("portfolio/s/<str:token>/", views.shared_portfolio, name="shared-portfolio"),
    path("compare/", views.compare_page, name="compare"),
    path("compare/s/<str:token>/", views.shared_compare, name="shared-compare"),
    path("compare/<int:comparison_id>/delete/", views.compare_delete, name="compare-delete"),
]
