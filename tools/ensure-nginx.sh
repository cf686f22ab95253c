#!/usr/bin/env bash
# The `storykit nginx` tests start Debian's nginx on 127.0.0.1 with the configuration it prints.
# Install it when it is missing and we are allowed to; otherwise those tests say why they skip.
# The tests never use the package's own service or /etc/nginx: each runs its own nginx.
set -u
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's nginx for the server-configuration tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light) >/dev/null 2>&1 \
    || echo "warning: could not install nginx; the nginx tests will be skipped"
else
  echo "note: nginx is not installed (apt-get install nginx-light); the nginx tests will be skipped"
fi
exit 0
