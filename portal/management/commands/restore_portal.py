"""``manage.py restore_portal BACKUP_DIR``: a backup into an empty database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_portal into the configured database and MEDIA_ROOT, "
        "both of which must be empty; then compare every model's row count with the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", metavar="BACKUP_DIR", type=Path, help="A portal-… folder.")

    def handle(self, *args, backup, **options):
        try:
            restore_backup(backup, log=self.log(options))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.log(options)(self.style.SUCCESS(f"Restored {backup}."))

    def log(self, options):
        # -v 0 (a timer's unit, a cron line) keeps only errors; CommandError still reaches stderr.
        return self.stdout.write if options["verbosity"] else lambda message: None
