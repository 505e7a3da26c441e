#!/bin/sh
# Prints an IoT Hub SAS token for a device: sas-token.sh <hub host name> <device id> <base64 device key> [seconds]
# Needs only openssl, base64, od and tr. Device ids with characters other than letters, digits, '-', '.' and '_'
# need further percent-encoding of the resource URI.
set -eu
hub=$1; device=$2; key=$3; ttl=${4:-3600}
resource=$(printf '%s' "$hub/devices/$device" | sed 's|/|%2F|g')
expiry=$(( $(date +%s) + ttl ))
hexkey=$(printf '%s' "$key" | base64 -d | od -An -v -tx1 | tr -d ' \n')
signature=$(printf '%s\n%s' "$resource" "$expiry" \
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary | base64 \
  | sed 's|+|%2B|g; s|/|%2F|g; s|=|%3D|g')
printf 'SharedAccessSignature sr=%s&sig=%s&se=%s\n' "$resource" "$signature" "$expiry"
