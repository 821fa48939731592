#!/usr/bin/env bash
# Send a lead to the host's generic route, signed as Standard Webhooks signs it: what your own form's backend does,
# and a way to try a deployment by hand.
#
#   WEBHOOK_SECRET_GENERIC=whsec_... examples/send_signed.sh http://127.0.0.1:8000 examples/leads/02-physio-pricing.json
#
# The file is sent as it is (a JSON object with at least `email`). Prints the host's answer, then its HTTP status:
# 202 and the run ids when it was accepted. Needs bash, openssl, base64, od and curl.
set -euo pipefail
usage='usage: send_signed.sh BASE_URL LEAD.json (with WEBHOOK_SECRET_GENERIC set)'
url="${1:?$usage}"
file="${2:?$usage}"
secret="${WEBHOOK_SECRET_GENERIC:?$usage}"
secret="${secret%%,*}"                    # the first secret of a rotation list
secret="${secret#whsec_}"
while (( ${#secret} % 4 )); do secret+='='; done   # base64 padding, which some secrets leave out
key="$(printf '%s' "$secret" | base64 -d | od -An -v -tx1 | tr -d ' \n')"
id="msg_$(date +%s%N)_$$"                 # one per delivery: a resend of an id gets the first delivery's runs
ts="$(date +%s)"                          # a timestamp more than 5 minutes off is refused
sig="$( { printf '%s.%s.' "$id" "$ts"; cat "$file"; } | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary \
  | base64 -w0)"
curl -sS -w '\n%{http_code}\n' "${url%/}/api/agent/lead-triage" -H 'content-type: application/json' \
  -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$sig" --data-binary "@$file"
