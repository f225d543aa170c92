"""Django's compilemessages over our catalogues only (locale/), not the virtualenv's: see makemessages beside it."""

from django.core.management.commands import compilemessages

from core.management.commands.makemessages import IGNORED


class Command(compilemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        return super().handle(*args, **options)
