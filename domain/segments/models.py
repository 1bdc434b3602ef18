"""Saved segments: a named, reusable filter over the alumni roster."""

from tortoise import fields

from domain.common.models import TrackedModel

MAX_NAME_LENGTH = 100


class Segment(TrackedModel):
    """The filter is stored as the `alumni` query's filter (see domain.segments.filters) and
    run for whoever reads the members, so a segment never shows anyone its reader may not
    see."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    name = fields.CharField(max_length=MAX_NAME_LENGTH)
    alumni_filter = fields.JSONField(default=dict)

    class Meta:
        table = "segment"
        unique_together = (("organization", "name"),)
