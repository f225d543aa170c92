import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import migrations, models

# How a scheduled publication's entry began until now, in each language the site was served in:
# "Scheduled to go live on 2026-12-08 09:00 UTC. <the publisher's comment>".
PREFIXES = ("Scheduled to go live on ", "Programado para publicarse el ")
SCHEDULED = re.compile(r"^(?:%s)(\d{4}-\d\d-\d\d \d\d:\d\d) (\S+)\.\s*(.*)$" % "|".join(PREFIXES), re.S)


def time_from_comment(apps, schema_editor):
    """The go-live time moves from the comment's first sentence to its own field; the comment keeps the rest."""
    transitions = apps.get_model("articles", "ArticleTransition")
    begins = models.Q(comment__startswith=PREFIXES[0]) | models.Q(comment__startswith=PREFIXES[1])
    for entry in transitions.objects.filter(begins, action="publish"):
        found = SCHEDULED.match(entry.comment)
        if found is None:
            continue
        moment, zone, rest = found.groups()
        try:
            entry.scheduled_for = datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))
        except (ValueError, ZoneInfoNotFoundError):
            continue  # a zone written as an abbreviation ZoneInfo does not know: the entry stays as it was
        entry.comment = rest
        entry.save(update_fields=["scheduled_for", "comment"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_hero_image"),
    ]

    operations = [
        migrations.AddField(
            model_name="articletransition",
            name="scheduled_for",
            field=models.DateTimeField(blank=True, null=True, verbose_name="to go live on"),
        ),
        migrations.RunPython(time_from_comment, migrations.RunPython.noop),
    ]
