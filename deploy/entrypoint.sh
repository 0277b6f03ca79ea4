#!/bin/sh
# Entry point of the zhtp image: reads the identity passphrase from a secret file (compose/podman secrets mount it
# under /run/secrets; never pass it as an environment variable in compose) and runs zhtp with the arguments.
# ZHTP_IDENTITY_PASSPHRASE_FILE names the file (default /run/secrets/zhtp_identity_passphrase); its first line is used.
set -eu
file="${ZHTP_IDENTITY_PASSPHRASE_FILE:-/run/secrets/zhtp_identity_passphrase}"
if [ -r "$file" ]; then
  IFS= read -r ZHTP_IDENTITY_PASSPHRASE < "$file" || true
  export ZHTP_IDENTITY_PASSPHRASE
fi
exec /app/zhtp "$@"
