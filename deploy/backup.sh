#!/usr/bin/env bash
# Back up the academy: the PostgreSQL database and the media files (certificate
# PDFs, images, uploaded packages). Usage: deploy/backup.sh BACKUP_DIR
#
# Reads DATABASE_URL and MEDIA_ROOT from the environment, as the academy does.
# The dump is pg_dump's custom format (compressed, restorable table by table);
# it is taken in one transaction, so it is consistent while the academy runs.
set -euo pipefail

out="${1:?usage: deploy/backup.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup: DATABASE_URL is not a PostgreSQL URL; back up SQLite by copying its file." >&2; exit 2 ;;
esac

mkdir -p "$out"
pg_dump --format=custom --no-owner --no-privileges \
  --file="$out/academy.dump" "$DATABASE_URL"

media="${MEDIA_ROOT:-}"
if [ -n "$media" ] && [ -d "$media" ]; then
  tar -C "$media" -czf "$out/media.tar.gz" .
else
  echo "backup: no MEDIA_ROOT folder; database only." >&2
fi

# A checksum file lets the restore refuse a damaged or partial copy.
(cd "$out" && sha256sum academy.dump $( [ -f media.tar.gz ] && echo media.tar.gz ) > SHA256SUMS)
echo "backup: written to $out"
