#!/usr/bin/env bash
# Checks the packages as a user gets them (docs/packaging.md):
#   1. packs every src/* project (the Zhtp.Storage.* libraries and the zhtp tool) into a fresh folder feed;
#   2. checks that each library package has its README, XML docs and symbols package;
#   3. installs the zhtp tool from that feed into a fresh tool path and runs `zhtp --help`;
#   4. copies tests/consumer (outside the solution) to a fresh folder, restores it from the feed
#      with an empty NUGET_PACKAGES cache, builds it and runs it: 8 DHT nodes in process store and
#      retrieve content through the packages' public API.
# Any failure stops the script with a non-zero exit and says which step failed.
# Options: --no-build packs the binaries already built in Release (after `dotnet build -c Release`,
# as .ci/run does); --keep leaves the temporary folder for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v unzip >/dev/null 2>&1 || { echo "check-packages: needs unzip to list package contents (apt-get install unzip)" >&2; exit 1; }

no_build=false
keep=false
for arg in "$@"; do
  case "$arg" in
    --no-build) no_build=true ;;
    --keep) keep=true ;;
    *) echo "check-packages: unknown option $arg (options: --no-build, --keep)" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/zhtp-packages.XXXXXX")
if ! $keep; then trap 'rm -rf "$work"' EXIT; fi
feed="$work/feed"
step=""
fail() { echo "check-packages: FAILED at step: $step${1:+ ($1)}" >&2; exit 1; }
trap 'rc=$?; if [ $rc -ne 0 ] && [ -n "$step" ]; then echo "check-packages: FAILED at step: $step (exit $rc)" >&2; fi' ERR
start=$SECONDS
stage() { step="$1"; echo "== packages: $1 ($((SECONDS - start)) s)"; }

stage "pack src/* into $feed"
pack_args=(-t:Pack -p:Configuration=Release "-p:PackageOutputPath=$feed" -nologo -v:m)
if $no_build; then
  pack_args+=(-p:NoBuild=true)
else
  pack_args+=(-restore)
fi
dotnet msbuild scripts/packages.proj "${pack_args[@]}"
version=$(dotnet msbuild src/Types/Zhtp.Storage.Types.csproj -getProperty:Version -p:Configuration=Release)
[ -n "$version" ] || fail "no version"
echo "   version $version"

stage "check the package contents"
libraries=0
for proj in src/*/*.csproj; do
  props=$(dotnet msbuild "$proj" -getProperty:PackageId -getProperty:AssemblyName)
  id=$(sed -n 's/.*"PackageId": *"\([^"]*\)".*/\1/p' <<<"$props")
  assembly=$(sed -n 's/.*"AssemblyName": *"\([^"]*\)".*/\1/p' <<<"$props")
  [ -n "$id" ] && [ -n "$assembly" ] || fail "no PackageId or AssemblyName for $proj"
  [ -f "$feed/$id.$version.nupkg" ] || fail "$proj gave no $id.$version.nupkg"
  files=$(unzip -Z1 "$feed/$id.$version.nupkg")
  grep -qx 'README.md' <<<"$files" || fail "$id has no README.md"
  if grep -q '^tools/' <<<"$files"; then
    grep -q '/DotnetToolSettings.xml$' <<<"$files" || fail "$id has tools/ but no DotnetToolSettings.xml"
    echo "   $id: .NET tool"
    continue
  fi
  grep -qx "lib/net10.0/$assembly.dll" <<<"$files" || fail "$id has no lib/net10.0/$assembly.dll"
  grep -qx "lib/net10.0/$assembly.xml" <<<"$files" || fail "$id has no XML docs"
  [ -f "$feed/$id.$version.snupkg" ] || fail "$id has no symbols package"
  libraries=$((libraries + 1))
  echo "   $id: library with README, XML docs and symbols"
done
((libraries > 0)) || fail "no library package"
for nupkg in "$feed"/*.nupkg; do
  case "$(basename "$nupkg")" in
    Zhtp.Storage.*|zhtp.*) ;;
    *) fail "unexpected package $(basename "$nupkg"): only src/* projects pack" ;;
  esac
done

stage "install the zhtp tool from the feed and run zhtp --help"
export NUGET_PACKAGES="$work/nuget-packages"
dotnet tool install --tool-path "$work/tools" --add-source "$feed" zhtp --version "$version"
"$work/tools/zhtp" --help > "$work/help.txt"
grep -q 'demo' "$work/help.txt" || { cat "$work/help.txt"; fail "zhtp --help does not list the demo command"; }
echo "   zhtp --help: $(wc -l < "$work/help.txt") lines"

stage "restore, build and run the consumer against the feed"
cp -r tests/consumer "$work/consumer"
rm -rf "$work/consumer/bin" "$work/consumer/obj"
export ZHTP_PACKAGE_FEED="$feed"
(cd "$work/consumer" && dotnet restore -p:ZhtpPackageVersion="$version" \
  && dotnet build -c Release --no-restore -p:ZhtpPackageVersion="$version" -nologo -v:q \
  && timeout 180 dotnet bin/Release/net10.0/PackageConsumer.dll)
restored=0
for lib in "$NUGET_PACKAGES"/zhtp.storage.*; do
  [ -f "$lib/$version/.nupkg.metadata" ] || fail "$(basename "$lib") has no $version in the fresh cache"
  grep -q "\"source\": \"$feed" "$lib/$version/.nupkg.metadata" || fail "$(basename "$lib") was not restored from the local feed"
  restored=$((restored + 1))
done
((restored >= 3)) || fail "only $restored Zhtp.Storage packages in the fresh cache"
echo "   $restored Zhtp.Storage packages restored from the local feed into a fresh cache"

step=""
echo "== packages: all checks passed in $((SECONDS - start)) s"
