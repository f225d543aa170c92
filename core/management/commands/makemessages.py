"""Django's makemessages with this project's defaults: the catalogues of our own strings (locale/, LOCALE_PATHS) are
made from our apps and templates only, never from the virtualenv, the generated clients, the tests or the scripts;
each entry names its files but not their lines (a moved line does not touch the catalogue), and entries no longer in
the code are dropped. `make messages` runs it for every language of LANGUAGES but English, then compiles
(docs/translations.md)."""

from django.core.management.commands import makemessages

# Directories that hold no string of ours shown to editors (shell patterns, as --ignore takes them).
IGNORED = [
    ".venv",
    "node_modules",
    "clients",
    "frontend",
    "tests",
    "fuzz",
    "benchmarks",
    "mutants",
    "scripts",
    "staticfiles",
    "docs",
]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        if not options.get("add_location") and not options.get("no_location"):
            options["add_location"] = "file"
        options["no_obsolete"] = True
        return super().handle(*args, **options)
