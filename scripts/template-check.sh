#!/usr/bin/env bash
# Checks template.yaml by every offline means: cfn-lint, then `sam build`
# into a temporary directory, which must hold one linux/arm64 bootstrap per
# function. No AWS account or network is needed (pip install cfn-lint
# aws-sam-cli; the versions CI uses are in .ci/run).
#
#   scripts/template-check.sh             # lint and build, then remove the build
#   KEEP=1 scripts/template-check.sh      # keep the build directory and print it
#
# sam builds in the source (--build-in-source): without it, it would first
# copy the whole checkout, .bench and .demo included (gigabytes), once per
# function.
set -euo pipefail
cd "$(dirname "$0")/.."
export SAM_CLI_TELEMETRY=0

for tool in cfn-lint sam; do
  command -v "$tool" >/dev/null || { echo "template-check: $tool is not installed (pip install cfn-lint aws-sam-cli)" >&2; exit 1; }
done

echo "cfn-lint $(cfn-lint --version | awk '{print $2}'): template.yaml"
cfn-lint --include-checks I -- template.yaml

# The SAM transform itself (offline; the region only fills the pseudo parameters).
sam validate --region us-east-1 --template template.yaml

build=$(mktemp -d "${TMPDIR:-/tmp}/hotline-sam-build.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$build"' EXIT; fi

echo "sam build: $build"
sam build --build-in-source --parallel --template template.yaml --build-dir "$build" >"$build.log" 2>&1 || {
  cat "$build.log" >&2
  rm -f "$build.log"
  exit 1
}
rm -f "$build.log"

# The functions of the template: every resource of type AWS::Serverless::Function.
functions=$(awk '/^  [A-Za-z0-9]+:$/ {id=$1; sub(":", "", id)} /^    Type: AWS::Serverless::Function$/ {print id}' template.yaml)
[ -n "$functions" ] || { echo "template-check: no function in template.yaml" >&2; exit 1; }
status=0
for id in $functions; do
  bootstrap=$build/$id/bootstrap
  if [ ! -x "$bootstrap" ]; then
    echo "template-check: $id: no bootstrap at $bootstrap" >&2
    status=1
    continue
  fi
  printf '%-28s %s bytes\n' "$id" "$(wc -c <"$bootstrap" | tr -d ' ')"
done
[ -z "${KEEP:-}" ] || echo "kept: $build"
exit $status
