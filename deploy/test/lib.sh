# Shell functions shared by cluster-test.sh and compose-test.sh (sourced; each script defines fail()).

# wait_for SECONDS DESCRIPTION COMMAND...: retries COMMAND every 0.5 s until it succeeds or the time is up.
wait_for() {
  local limit=$1 what=$2; shift 2
  local end=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || fail "timed out after ${limit}s waiting for $what"
    sleep 0.5
  done
}

# use_s3_key "ACCESS_KEY_ID SECRET": points awscli (Debian's, /usr/bin/aws) at that key pair and nothing else
# (no config or credentials files, no instance metadata).
use_s3_key() {
  export AWS_ACCESS_KEY_ID="${1%% *}" AWS_SECRET_ACCESS_KEY="${1#* }" AWS_DEFAULT_REGION=us-east-1 \
    AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
}
