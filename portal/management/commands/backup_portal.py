"""``manage.py backup_portal``: the database and MEDIA_ROOT into one checked folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and MEDIA_ROOT into DIR/portal-YYYYMMDD-HHMMSS/ with a manifest "
        "of row counts and checksums (see README, Backup and restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR",
            type=Path,
            help="Folder to write the backup into (default: BACKUP_DIR, else var/backups).",
        )

    def handle(self, *args, output=None, **options):
        try:
            folder = create_backup(output or settings.PORTAL_BACKUP_DIR, log=self.log(options))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.log(options)(self.style.SUCCESS(f"Backup complete: {folder}"))

    def log(self, options):
        # -v 0 (a timer's unit, a cron line) keeps only errors; CommandError still reaches stderr.
        return self.stdout.write if options["verbosity"] else lambda message: None
