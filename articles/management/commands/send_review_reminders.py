from django.core.management.base import BaseCommand

from articles.services.reminders import review_reminders_send


class Command(BaseCommand):
    help = (
        "Email medical reviewers about reviews due within REVIEW_REMINDER_DAYS and reviews that fell due, and "
        "publishers the newly overdue list. Each reminder goes once, so running it daily from cron is safe."
    )

    def handle(self, *args, **options):
        sent = review_reminders_send()
        self.stdout.write(
            f"{len(sent.due_soon)} due-soon and {len(sent.overdue)} overdue reminder(s) sent; "
            f"{sent.publishers_told} publisher(s) told."
        )
