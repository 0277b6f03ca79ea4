#!/usr/bin/env bash
# Publishes zhtp for the container image into $1: self-contained for linux-x64, trimmed in partial mode (only the
# framework's trimmable assemblies are trimmed; the app's own assemblies, which discover commands by reflection, stay
# whole), reflection-based JSON kept on (the API serializes anonymous types), no .pdb files.
# Used by deploy/Dockerfile's build stage and by deploy/test/cluster-test.sh on the host; docs/deployment.md says why.
set -euo pipefail
out="${1:?usage: deploy/publish.sh OUTPUT_DIR}"
cd "$(dirname "$0")/.."
dotnet publish src/Host/zhtp.csproj -c Release -r linux-x64 --self-contained \
  -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true \
  -p:JsonSerializerIsReflectionEnabledByDefault=true -p:DebugType=none -o "$out"
