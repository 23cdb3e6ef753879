from django.urls import path

from pitches.api import views

app_name = "pitches-api"

urlpatterns = [
    path("pitches", views.PitchListCreateApi.as_view(), name="pitch-list"),
    path("pitches/public", views.BrowseApi.as_view(), name="public-list"),
    path("pitches/public/new", views.BrowseApi.as_view(preset_tab="new"), name="public-new"),
    path(
        "pitches/public/trending",
        views.BrowseApi.as_view(preset_tab="trending"),
        name="public-trending",
    ),
    path(
        "pitches/public/featured",
        views.BrowseApi.as_view(preset_tab="top-rated"),
        name="public-featured",
    ),
    path("pitches/public/search", views.SearchApi.as_view(), name="public-search"),
    path("pitches/public/<str:key>", views.PublicPitchDetailApi.as_view(), name="public-detail"),
    path("pitches/following", views.FollowingPitchesApi.as_view(), name="following-pitches"),
    path("users/liked-pitches", views.LikedPitchesApi.as_view(), name="liked-pitches"),
    path("users/recently-viewed", views.RecentlyViewedPitchesApi.as_view(), name="recently-viewed"),
    path("browse/top-rated/stats", views.TopRatedStatsApi.as_view(), name="top-rated-stats"),
    path("users/<int:user_id>/stats", views.UserStatsApi.as_view(), name="user-stats"),
    path("saved-pitches/stats", views.SavedPitchStatsApi.as_view(), name="saved-stats"),
    path("pitches/trending", views.BrowseApi.as_view(preset_tab="trending"), name="trending"),
    path("pitches/hot", views.BrowseApi.as_view(preset_tab="trending"), name="hot"),
    path("trending", views.BrowseApi.as_view(preset_tab="trending"), name="trending-root"),
    path(
        "pitches/<int:pitch_id>/publish",
        views.PitchPublishApi.as_view(action="publish"),
        name="publish",
    ),
    path(
        "pitches/<int:pitch_id>/archive",
        views.PitchPublishApi.as_view(action="archive"),
        name="archive",
    ),
    path(
        "pitches/<int:pitch_id>/unarchive",
        views.PitchPublishApi.as_view(action="unarchive"),
        name="unarchive",
    ),
    path("pitches/<int:pitch_id>/like", views.PitchLikeApi.as_view(), name="like"),
    path("pitches/<int:pitch_id>/save", views.PitchSaveApi.as_view(), name="save"),
    path("pitches/<int:pitch_id>/follow", views.PitchFollowApi.as_view(), name="follow"),
    path(
        "pitches/<int:pitch_id>/unfollow",
        views.PitchFollowApi.as_view(action="unfollow"),
        name="unfollow",
    ),
    path("follows/pitch-status", views.PitchFollowStatusApi.as_view(), name="follow-pitch-status"),
    path("pitches/<int:pitch_id>/characters", views.CharacterListApi.as_view(), name="characters"),
    path(
        "pitches/<int:pitch_id>/characters/reorder",
        views.CharacterReorderApi.as_view(),
        name="characters-reorder",
    ),
    path(
        "pitches/<int:pitch_id>/characters/<int:character_id>",
        views.CharacterDetailApi.as_view(),
        name="character",
    ),
    path("pitches/<int:pitch_id>/documents", views.DocumentListApi.as_view(), name="documents"),
    path(
        "pitches/<int:pitch_id>/documents/<int:document_id>",
        views.DocumentDeleteApi.as_view(),
        name="document",
    ),
    path(
        "pitches/<int:pitch_id>/documents/<int:document_id>/download",
        views.DocumentDownloadApi.as_view(),
        name="document-download",
    ),
    path("pitches/<str:key>", views.PitchDetailApi.as_view(), name="pitch-detail"),
    path("creator/pitches", views.CreatorPitchListApi.as_view(), name="creator-pitches"),
    path("creator/pitches/<int:pitch_id>", views.CreatorPitchApi.as_view(), name="creator-pitch"),
    path("creator/pitches/<int:pitch_id>/media", views.MediaCreateApi.as_view(), name="media"),
    path("browse", views.BrowseApi.as_view(), name="browse"),
    path("browse/genres", views.GenreTilesApi.as_view(), name="browse-genres"),
    path(
        "browse/top-rated", views.BrowseApi.as_view(preset_tab="top-rated"), name="browse-top-rated"
    ),
    path("search", views.SearchApi.as_view(), name="search"),
    path("saved-pitches", views.SavedPitchListApi.as_view(), name="saved-list"),
    path(
        "saved-pitches/check/<int:pitch_id>", views.SavedPitchCheckApi.as_view(), name="saved-check"
    ),
    path("saved-pitches/<int:saved_id>", views.SavedPitchDetailApi.as_view(), name="saved-detail"),
    path("upload", views.UploadApi.as_view(), name="upload"),
    path("config/all", views.ConfigApi.as_view(part="all"), name="config-all"),
    path("config/genres", views.ConfigApi.as_view(part="genres"), name="config-genres"),
    path("config/formats", views.ConfigApi.as_view(part="formats"), name="config-formats"),
    path(
        "config/budget-ranges", views.ConfigApi.as_view(part="budget-ranges"), name="config-budgets"
    ),
    path("config/stages", views.ConfigApi.as_view(part="stages"), name="config-stages"),
]
