from django.db import migrations

STANDARD_V1 = """MUTUAL NON-DISCLOSURE AGREEMENT

This agreement is made on {date} between {disclosing_name} (the "Disclosing Party") and \
{recipient_name} (the "Recipient") concerning the project "{project_name}".

1. Confidential Information. Everything the Disclosing Party makes available about the project \
through Pitchey beyond its public listing, including the full synopsis, script, deck, lookbook, \
budget, characters and any attached documents, is Confidential Information.

2. Obligations. The Recipient will use Confidential Information only to evaluate a possible \
business relationship with the Disclosing Party, will not disclose it to anyone except advisers \
bound by equal duties of confidence, and will not copy, adapt or develop the project or any \
substantially similar work from it.

3. Exclusions. Information that is public through no fault of the Recipient, was lawfully known \
to the Recipient before disclosure, or is independently developed without use of the \
Confidential Information is not Confidential Information.

4. Term. These obligations last three years from the date above, whether or not access to the \
material on Pitchey has ended.

5. Return. On request, the Recipient will delete or return all copies of Confidential \
Information. Copies served by Pitchey carry the Recipient's name and the NDA number.

6. No licence. No right or licence in the project is granted by this agreement.

7. Remedies. A breach may cause irreparable harm; the Disclosing Party may seek injunctive \
relief in addition to any other remedy."""


def seed(apps, schema_editor):
    NdaTemplate = apps.get_model("ndas", "NdaTemplate")
    NdaTemplate.objects.get_or_create(
        version=1, defaults={"name": "Pitchey Standard NDA", "body": STANDARD_V1, "is_active": True}
    )


def unseed(apps, schema_editor):
    apps.get_model("ndas", "NdaTemplate").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("ndas", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
