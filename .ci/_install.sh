#!/usr/bin/env bash
# CI: install what the tests need on a fresh machine, then run README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI=true
export GOFLAGS=-buildvcs=false

command -v go >/dev/null || { echo "Go is required (the machine image provides it)"; exit 1; }
command -v make >/dev/null || { apt-get update -qq && apt-get install -y -qq make; }
command -v git >/dev/null || { apt-get update -qq && apt-get install -y -qq git; }

go version
go mod download
go mod verify

# Headless Chromium and CJK fonts for the page test.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

# The local DynamoDB server (moto, which also serves SSM) and the Lambda
# runtime interface emulator, for the storage and function tests.
python3 -m pip install --quiet --disable-pip-version-check 'moto[server]==5.2.1'
GOFLAGS= go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d
export PATH="$(go env GOPATH)/bin:$PATH"
command -v moto_server >/dev/null || { echo "moto_server is not on PATH after pip install"; exit 1; }

# cfn-lint and the SAM CLI, for the template checks (functions/template_test.go):
# both run offline, with no AWS account.
python3 -m pip install --quiet --disable-pip-version-check 'cfn-lint==1.58.0' 'aws-sam-cli==1.170.0'
export SAM_CLI_TELEMETRY=0
command -v cfn-lint >/dev/null && command -v sam >/dev/null || { echo "cfn-lint or sam is not on PATH after pip install"; exit 1; }

