from django.urls import path

from pitches import views_provenance as provenance_pages
from pitches.api import views_browse as browse
from pitches.api import views_detail as detail
from pitches.api import views_engagement as engagement
from pitches.api import views_extract as extract
from pitches.api import views_files as files
from pitches.api import views_info as info
from pitches.api import views_me as me
from pitches.api import views_provenance as provenance
from pitches.api import views_search as search
from pitches.api import views_uploads as uploads

app_name = "pitches-api"

urlpatterns = [
    path("pitches", browse.PitchListCreateApi.as_view(), name="pitch-list"),
    path("pitches/ai-extract", extract.PitchExtractApi.as_view(), name="ai-extract"),
    path("pitches/public", browse.BrowseApi.as_view(), name="public-list"),
    path("pitches/public/new", browse.BrowseApi.as_view(preset_tab="new"), name="public-new"),
    path(
        "pitches/public/trending",
        browse.BrowseApi.as_view(preset_tab="trending"),
        name="public-trending",
    ),
    path(
        "pitches/public/featured",
        browse.BrowseApi.as_view(preset_tab="top-rated"),
        name="public-featured",
    ),
    path("pitches/public/search", browse.SearchApi.as_view(), name="public-search"),
    path("pitches/public/<str:key>", detail.PublicPitchDetailApi.as_view(), name="public-detail"),
    path("pitches/following", me.FollowingPitchesApi.as_view(), name="following-pitches"),
    path("users/liked-pitches", me.LikedPitchesApi.as_view(), name="liked-pitches"),
    path("users/recently-viewed", me.RecentlyViewedPitchesApi.as_view(), name="recently-viewed"),
    path("browse/top-rated/stats", browse.TopRatedStatsApi.as_view(), name="top-rated-stats"),
    path("users/<int:user_id>/stats", me.UserStatsApi.as_view(), name="user-stats"),
    path("saved-pitches/stats", engagement.SavedPitchStatsApi.as_view(), name="saved-stats"),
    path("trending", browse.BrowseApi.as_view(preset_tab="trending"), name="trending-root"),
    path(
        "pitches/<int:pitch_id>/publish",
        detail.PitchPublishApi.as_view(action="publish"),
        name="publish",
    ),
    path(
        "pitches/<int:pitch_id>/archive",
        detail.PitchPublishApi.as_view(action="archive"),
        name="archive",
    ),
    path(
        "pitches/<int:pitch_id>/unarchive",
        detail.PitchPublishApi.as_view(action="unarchive"),
        name="unarchive",
    ),
    path("pitches/<int:pitch_id>/like", engagement.PitchLikeApi.as_view(), name="like"),
    path("pitches/<int:pitch_id>/save", engagement.PitchSaveApi.as_view(), name="save"),
    path("pitches/<int:pitch_id>/follow", engagement.PitchFollowApi.as_view(), name="follow"),
    path(
        "pitches/<int:pitch_id>/unfollow",
        engagement.PitchFollowApi.as_view(action="unfollow"),
        name="unfollow",
    ),
    path(
        "follows/pitch-status",
        engagement.PitchFollowStatusApi.as_view(),
        name="follow-pitch-status",
    ),
    path("pitches/<int:pitch_id>/characters", detail.CharacterListApi.as_view(), name="characters"),
    path(
        "pitches/<int:pitch_id>/characters/reorder",
        detail.CharacterReorderApi.as_view(),
        name="characters-reorder",
    ),
    path(
        "pitches/<int:pitch_id>/characters/<int:character_id>",
        detail.CharacterDetailApi.as_view(),
        name="character",
    ),
    path("pitches/<int:pitch_id>/documents", files.DocumentListApi.as_view(), name="documents"),
    path(
        "pitches/<int:pitch_id>/documents/<int:document_id>",
        files.DocumentDeleteApi.as_view(),
        name="document",
    ),
    path(
        "pitches/<int:pitch_id>/documents/<int:document_id>/download",
        files.DocumentDownloadApi.as_view(),
        name="document-download",
    ),
    path(
        "pitches/<int:pitch_id>/attachments/<path:filename>",
        files.PitchAttachmentApi.as_view(),
        name="pitch-attachment",
    ),
    path(
        "pitches/<int:pitch_id>/certificate",
        provenance_pages.certificate,
        name="pitch-certificate",
    ),
    path("verify/p/<str:content_hash>", provenance.VerifySealApi.as_view(), name="verify-seal"),
    path("pitches/<str:key>", detail.PitchDetailApi.as_view(), name="pitch-detail"),
    path("creator/pitches", detail.CreatorPitchListApi.as_view(), name="creator-pitches"),
    path("creator/pitches/<int:pitch_id>", detail.CreatorPitchApi.as_view(), name="creator-pitch"),
    path("creator/pitches/<int:pitch_id>/media", uploads.PitchMediaApi.as_view(), name="media"),
    path("browse", browse.BrowseApi.as_view(), name="browse"),
    path("browse/genres", browse.GenreTilesApi.as_view(), name="browse-genres"),
    path(
        "browse/top-rated",
        browse.BrowseApi.as_view(preset_tab="top-rated"),
        name="browse-top-rated",
    ),
    path("search", browse.SearchApi.as_view(), name="search"),
    path("info-requests", info.InfoRequestListApi.as_view(), name="info-requests"),
    path(
        "info-requests/<int:request_id>",
        info.InfoRequestDetailApi.as_view(),
        name="info-request",
    ),
    path(
        "info-requests/<int:request_id>/respond",
        info.InfoRequestRespondApi.as_view(),
        name="info-request-respond",
    ),
    path("search/saved", search.SavedSearchListApi.as_view(), name="saved-searches"),
    path("search/saved/popular", search.PopularSavedSearchApi.as_view(), name="popular-searches"),
    path(
        "search/saved/<int:search_id>",
        search.SavedSearchDetailApi.as_view(),
        name="saved-search",
    ),
    path(
        "search/saved/<int:search_id>/execute",
        search.SavedSearchExecuteApi.as_view(),
        name="saved-search-execute",
    ),
    path("search/history", search.SearchHistoryApi.as_view(), name="search-history"),
    path("search/suggestions", search.SearchSuggestionsApi.as_view(), name="search-suggestions"),
    path("search/track-click", search.TrackClickApi.as_view(), name="search-track-click"),
    path("saved-pitches", engagement.SavedPitchListApi.as_view(), name="saved-list"),
    path(
        "saved-pitches/check/<int:pitch_id>",
        engagement.SavedPitchCheckApi.as_view(),
        name="saved-check",
    ),
    path(
        "saved-pitches/<int:saved_id>",
        engagement.SavedPitchDetailApi.as_view(),
        name="saved-detail",
    ),
    path("upload", files.UploadApi.as_view(), name="upload"),
    path("upload/profile", uploads.ProfileUploadApi.as_view(), name="upload-profile"),
    path("upload/document", uploads.SingleUploadApi.as_view(), name="upload-document"),
    path("media/upload", uploads.SingleUploadApi.as_view(), name="media-upload"),
    path("upload/multiple", uploads.BatchUploadApi.as_view(), name="upload-multiple"),
    path(
        "upload/documents/multiple",
        uploads.BatchUploadApi.as_view(),
        name="upload-documents-multiple",
    ),
    path("upload/media-batch", uploads.BatchUploadApi.as_view(), name="upload-media-batch"),
    path("upload/info", uploads.UploadInfoApi.as_view(), name="upload-info"),
    path("storage/quota", uploads.StorageQuotaApi.as_view(), name="storage-quota"),
    path("files/<str:token>", uploads.UserFileApi.as_view(), name="user-file"),
    path("config/all", browse.ConfigApi.as_view(part="all"), name="config-all"),
    path("config/genres", browse.ConfigApi.as_view(part="genres"), name="config-genres"),
    path("config/formats", browse.ConfigApi.as_view(part="formats"), name="config-formats"),
    path(
        "config/budget-ranges",
        browse.ConfigApi.as_view(part="budget-ranges"),
        name="config-budgets",
    ),
    path("config/stages", browse.ConfigApi.as_view(part="stages"), name="config-stages"),
]
