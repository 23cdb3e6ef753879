from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ndas", "0005_creator_templates")]

    operations = [
        migrations.AddField(
            model_name="ndarequest",
            name="signature_nonce",
            field=models.CharField(blank=True, max_length=32),
        ),
    ]
