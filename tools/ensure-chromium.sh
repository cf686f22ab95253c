#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
# Install it when it is missing and we are allowed to; otherwise the browser tests say why they skip.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null 2>&1 \
    || echo "warning: could not install chromium; browser tests will be skipped"
else
  echo "note: chromium is not installed (apt-get install chromium); browser tests will be skipped"
fi
exit 0
