from django.core.management.base import BaseCommand

from articles.tasks import next_run, review_reminders_schedule


class Command(BaseCommand):
    help = "Start the daily review-reminder task on the task queue (nothing if it is already waiting)."

    def handle(self, *args, **options):
        if review_reminders_schedule():
            self.stdout.write(f"Review reminders will run daily from {next_run():%Y-%m-%d %H:%M %Z}.")
        else:
            self.stdout.write("Review reminders are already scheduled.")
