"""The pitch and its own parts: characters, creative attachments, documents and media."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Left, Upper
from django.utils import timezone

from pitchey.crypto import EncryptedTextField

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

DEFAULT_VISIBILITY: dict[str, bool] = {
    "show_short_synopsis": True,
    "show_characters": False,
    "show_budget": False,
    "show_media": True,
    "show_creator_name": True,
}


def default_visibility() -> dict[str, bool]:
    return dict(DEFAULT_VISIBILITY)


PUBLIC_SYNOPSIS_CHARS = 300


def _shown_synopsis() -> Case:
    """The short synopsis, or nothing where the creator hides it."""
    return Case(
        When(visibility_settings__show_short_synopsis=False, then=Value("")),
        default=F("short_synopsis"),
        output_field=models.TextField(),
    )


def _searchable(synopsis: Any) -> Any:
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("logline", weight="B", config="english")
        + SearchVector("genre", weight="B", config="english")
        + SearchVector(synopsis, weight="C", config="english")
    )


# The creator shows their name (the default when the setting is absent).
_NAMED = Q(visibility_settings__show_creator_name=True) | ~Q(
    visibility_settings__has_key="show_creator_name"
)


_PUBLISHED = Q(status="published")

# One index per marketplace filter and sort (pitches.selectors.marketplace), all on published
# pitches only. Filters compare case-insensitively (UPPER(...) = UPPER(...)), so their indexes are
# on UPPER(column); a genre or investment filter also keeps the default order (newest first).
MARKETPLACE_INDEXES = [
    models.Index(
        Upper("genre"),
        F("published_at").desc(),
        F("id").desc(),
        name="pitches_mkt_genre_idx",
        condition=_PUBLISHED,
    ),
    models.Index(Upper("format"), name="pitches_mkt_format_idx", condition=_PUBLISHED),
    models.Index(Upper("format_category"), name="pitches_mkt_format_cat_idx", condition=_PUBLISHED),
    models.Index(fields=["budget_bracket"], name="pitches_mkt_budget_idx", condition=_PUBLISHED),
    models.Index(fields=["development_stage"], name="pitches_mkt_stage_idx", condition=_PUBLISHED),
    models.Index(
        fields=["seeking_investment", "-published_at", "-id"],
        name="pitches_mkt_seeking_idx",
        condition=_PUBLISHED,
    ),
    models.Index(fields=["title", "id"], name="pitches_mkt_title_idx", condition=_PUBLISHED),
    models.Index(fields=["-view_count", "-id"], name="pitches_mkt_views_idx", condition=_PUBLISHED),
    models.Index(fields=["-like_count", "-id"], name="pitches_mkt_likes_idx", condition=_PUBLISHED),
    models.Index(
        fields=["-rating_average", "-rating_count", "-id"],
        name="pitches_mkt_rating_idx",
        condition=_PUBLISHED,
    ),
    models.Index(
        (F("view_count") + 3 * F("like_count")).desc(),
        F("id").desc(),
        name="pitches_mkt_popular_idx",
        condition=_PUBLISHED,
    ),
    models.Index(
        Case(
            When(visibility_settings__show_budget=True, then=F("estimated_budget_usd")),
            default=None,
        ).desc(nulls_last=True),
        F("id").desc(),
        name="pitches_mkt_public_budget_idx",
        condition=_PUBLISHED,
    ),
]


class PitchQuerySet(models.QuerySet["Pitch"]):
    def published(self) -> Self:
        return self.filter(status=Pitch.Status.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Pitches the user may list or open; confidential parts are checked by pitches.access."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if not user.is_authenticated:
            return self.published()
        return self.filter(Q(status=Pitch.Status.PUBLISHED) | Q(owner=user))

    def owned_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def for_cards(self) -> Self:
        """With the owner, which every card shows."""
        return self.select_related("owner")

    def for_detail(self) -> Self:
        """With the owner and every child list the detail serializer reads (five queries)."""
        return self.select_related("owner").prefetch_related(
            "characters", "attachments", "documents", "media"
        )

    def liked_by(self, user: User) -> Self:
        """Pitches `user` liked and may still see, most recently liked first."""
        return (
            self.visible_to(user)
            .filter(likes__user=user)
            .annotate(liked_at=models.Max("likes__created_at"))
            .order_by("-liked_at", "-id")
        )

    def viewed_by(self, user: User) -> Self:
        """Pitches `user` opened and may still see, most recently viewed first."""
        return (
            self.visible_to(user)
            .filter(views__viewer=user)
            .annotate(last_viewed=models.Max("views__created_at"))
            .order_by("-last_viewed", "-id")
        )

    def named_for(self, viewer: User | AnonymousUser) -> Self:
        """Pitches whose creator may be named to `viewer`: all to staff, the viewer's own, and
        those whose creator does not hide their name (a creator filter must not reveal them)."""
        if viewer.is_authenticated and viewer.is_staff:
            return self.all()
        named = _NAMED
        if viewer.is_authenticated:
            named |= Q(owner=viewer)
        return self.filter(named)

    def by_creators_followed_by(self, user: User) -> Self:
        """Published pitches of the active creators `user` follows, newest first (only those
        that name their creator)."""
        return (
            self.filter(_NAMED)
            .published()
            .filter(owner__follower_links__follower=user, owner__is_active=True)
            .order_by("-published_at", "-id")
        )


class Pitch(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        HIDDEN = "hidden", "Hidden by moderators"
        ARCHIVED = "archived", "Archived"

    class NdaType(models.TextChoices):
        NONE = "none", "No NDA"
        PLATFORM = "platform", "Platform standard NDA"
        CUSTOM = "custom", "Custom NDA"

    class AiDisclosure(models.TextChoices):
        NONE = "none", "No AI used"
        PROMO = "promo", "AI used in promotional material"
        PRODUCTION = "production", "AI used in production"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pitches",
        db_column="user_id",
    )
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=140, unique=True)
    logline = models.TextField()
    genre = models.CharField(max_length=100, blank=True)
    format = models.CharField(max_length=100, blank=True)
    format_category = models.CharField(max_length=100, blank=True)
    format_subtype = models.CharField(max_length=100, blank=True)
    custom_format = models.CharField(max_length=255, blank=True)

    short_synopsis = models.TextField(blank=True)
    long_synopsis = models.TextField(blank=True)
    themes = models.TextField(blank=True)
    world_description = models.TextField(blank=True)
    tone_and_style = models.TextField(blank=True)
    comps = models.TextField(blank=True)
    story_breakdown = models.TextField(blank=True)
    why_now = models.TextField(blank=True)
    target_audience = models.TextField(blank=True)
    production_location = models.CharField(max_length=255, blank=True)
    production_timeline = models.TextField(blank=True)
    development_stage = models.CharField(max_length=30, blank=True)
    development_stage_other = models.CharField(max_length=255, blank=True)
    target_release_date = models.DateField(null=True, blank=True)

    estimated_budget = models.CharField(max_length=100, blank=True)
    estimated_budget_usd = models.DecimalField(
        max_digits=15, decimal_places=2, null=True, blank=True
    )
    budget_bracket = models.CharField(max_length=30, blank=True)
    seeking_investment = models.BooleanField(default=False)

    video_url = models.URLField(max_length=500, blank=True)
    video_platform = models.CharField(max_length=50, blank=True)
    video_password = EncryptedTextField(blank=True)
    title_image = models.CharField(max_length=500, blank=True)
    # Storage key of the cover image: resized and re-encoded on upload, public like the title.
    poster_key = models.CharField(max_length=300, blank=True)

    visibility_settings = models.JSONField(default=default_visibility, blank=True)
    require_nda = models.BooleanField(default=False)
    nda_type = models.CharField(max_length=20, choices=NdaType, default=NdaType.NONE)
    custom_nda_text = models.TextField(blank=True)
    ai_disclosure = models.CharField(max_length=20, choices=AiDisclosure, default=AiDisclosure.NONE)

    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    status_before_archive = models.CharField(max_length=20, blank=True)
    # staff pick: featured pitches lead the "featured" list
    featured_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    view_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    save_count = models.PositiveIntegerField(default=0)
    nda_count = models.PositiveIntegerField(default=0)
    rating_average = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    rating_count = models.PositiveIntegerField(default=0)
    trending_score = models.FloatField(default=0)

    # Only readable text is searchable, or a match would reveal it: `search_vector` holds what
    # logged-in backers read (the short synopsis unless hidden), `search_vector_public` what
    # visitors and watchers read (its first 300 characters).
    search_vector = models.GeneratedField(
        expression=_searchable(_shown_synopsis()),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    search_vector_public = models.GeneratedField(
        expression=_searchable(Left(_shown_synopsis(), PUBLIC_SYNOPSIS_CHARS)),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PitchQuerySet.as_manager()

    class Meta:
        verbose_name = "pitch"
        verbose_name_plural = "pitches"
        db_table = "pitches"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "hidden", "archived"]),
                name="pitches_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(nda_type__in=["none", "platform", "custom"]),
                name="pitches_nda_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(ai_disclosure__in=["none", "promo", "production"]),
                name="pitches_ai_disclosure_valid",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="pitches_search_gin"),
            GinIndex(fields=["search_vector_public"], name="pitches_search_public_gin"),
            models.Index(
                fields=["-published_at", "-id"],
                name="pitches_published_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["-trending_score", "-published_at", "-id"],
                name="pitches_trending_pub_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["genre", "-published_at"],
                name="pitches_genre_idx",
                condition=Q(status="published"),
            ),
            models.Index(fields=["owner", "status"], name="pitches_owner_status_idx"),
            *MARKETPLACE_INDEXES,
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/pitch/{self.slug}/"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def shows(self, setting: str) -> bool:
        """Whether the creator's visibility settings show `setting` to the public."""
        merged: dict[str, Any] = {**DEFAULT_VISIBILITY, **(self.visibility_settings or {})}
        return bool(merged.get(setting))


class Character(models.Model):
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(max_length=50)
    role = models.CharField(max_length=100, blank=True)
    description = models.TextField(max_length=1000, blank=True)
    age = models.CharField(max_length=30, blank=True)
    gender = models.CharField(max_length=30, blank=True)
    actor = models.CharField(max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "pitch_characters"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class CreativeAttachment(models.Model):
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=100, blank=True)
    bio = models.TextField(max_length=2400, blank=True)
    imdb_link = models.URLField(max_length=500, blank=True)
    website_link = models.URLField(max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "pitch_creative_attachments"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class PitchDocument(models.Model):
    class Type(models.TextChoices):
        SCRIPT = "script", "Script"
        DECK = "deck", "Pitch deck"
        TREATMENT = "treatment", "Treatment"
        LOOKBOOK = "lookbook", "Lookbook"
        BUDGET = "budget", "Budget"
        OTHER = "other", "Other"

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    document_type = models.CharField(max_length=20, choices=Type)
    title = models.CharField(max_length=255, blank=True)
    original_name = models.CharField(max_length=255)
    storage_key = models.CharField(max_length=500, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64, db_index=True)
    requires_nda = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "pitch_documents"
        ordering = ["position", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    document_type__in=["script", "deck", "treatment", "lookbook", "budget", "other"]
                ),
                name="pitch_documents_type_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def is_protected(self) -> bool:
        """Behind the NDA exactly when the creator ticked "Requires an NDA" on upload."""
        return self.requires_nda


class DocumentAccessLog(models.Model):
    document = models.ForeignKey(PitchDocument, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    accessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "pitch_document_access_log"
        ordering = ["-accessed_at"]

    def __str__(self) -> str:
        return f"{self.document_id} by {self.user_id} at {self.accessed_at:%Y-%m-%d %H:%M}"


class PitchMedia(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", "Image"
        VIDEO_LINK = "video_link", "Video link"

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(max_length=20, choices=Kind)
    storage_key = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=500, blank=True)
    caption = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "pitch media item"
        verbose_name_plural = "pitch media"
        db_table = "pitch_media"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["image", "video_link"]), name="pitch_media_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of pitch {self.pitch_id}"
