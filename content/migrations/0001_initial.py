import django.utils.timezone
from django.db import migrations, models


def create_pages(apps, schema_editor):
    from content.defaults import PAGES

    Page = apps.get_model("content", "Page")
    for page in PAGES:
        Page.objects.get_or_create(slug=page["slug"], defaults=page)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Page",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=60, unique=True)),
                ("title", models.CharField(max_length=120)),
                (
                    "summary",
                    models.CharField(
                        blank=True, help_text="One sentence under the title.", max_length=300
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        help_text="HTML: paragraphs, h2/h3 headings, lists, links, bold and italics."
                    ),
                ),
                (
                    "footer_label",
                    models.CharField(
                        blank=True, help_text="Short footer link text.", max_length=40
                    ),
                ),
                (
                    "footer_position",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Order in the footer; empty keeps the page out of it.",
                        null=True,
                    ),
                ),
                ("is_published", models.BooleanField(default=True)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={"db_table": "content_pages", "ordering": ["footer_position", "slug"]},
        ),
        migrations.RunPython(create_pages, migrations.RunPython.noop),
    ]
