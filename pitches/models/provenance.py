"""Provenance: each content hash a published pitch carried, with the moment it was sealed, so a
hash on a certificate stays verifiable after later edits (and after the pitch is gone)."""

from __future__ import annotations

from django.db import models


class PitchSealQuerySet(models.QuerySet["PitchSeal"]):
    def for_hash(self, content_hash: str, *, pitch_id: int | None = None) -> PitchSeal | None:
        """The first seal of `content_hash` (of one pitch when given), with its pitch."""
        rows = self.filter(content_hash=content_hash).select_related("pitch")
        if pitch_id is not None:
            rows = rows.filter(pitch_id=pitch_id)
        return rows.order_by("sealed_at", "id").first()


class PitchSeal(models.Model):
    pitch = models.ForeignKey(
        "pitches.Pitch", null=True, blank=True, on_delete=models.SET_NULL, related_name="seals"
    )
    content_hash = models.CharField(max_length=64, db_index=True)
    version = models.PositiveIntegerField(default=1)
    # What the certificate names, kept as it was when sealed.
    title = models.CharField(max_length=255)
    creator_name = models.CharField(max_length=255, blank=True)
    sealed_at = models.DateTimeField()

    objects = PitchSealQuerySet.as_manager()

    class Meta:
        ordering = ["pitch_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["pitch", "content_hash"], name="one_seal_per_hash")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.content_hash[:12]})"
