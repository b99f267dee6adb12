#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh. Usage: deploy/restore.sh BACKUP_DIR
#
# Restores into the (empty or existing) database named by DATABASE_URL, replacing
# the academy's tables, and unpacks the media into MEDIA_ROOT. Stop the web,
# worker and beat processes first; run `manage.py migrate` afterwards when the
# restored backup is older than the code.
set -euo pipefail

src="${1:?usage: deploy/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to restore into}"
[ -f "$src/academy.dump" ] || { echo "restore: $src/academy.dump not found" >&2; exit 2; }
if [ -f "$src/SHA256SUMS" ]; then
  (cd "$src" && sha256sum --check --quiet SHA256SUMS) \
    || { echo "restore: checksums do not match; the backup is damaged" >&2; exit 2; }
fi

pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --single-transaction --dbname="$DATABASE_URL" "$src/academy.dump"

if [ -f "$src/media.tar.gz" ]; then
  : "${MEDIA_ROOT:?MEDIA_ROOT must be set to restore the media files}"
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -xzf "$src/media.tar.gz"
fi
echo "restore: done from $src"
