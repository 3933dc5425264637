#!/bin/sh
# A Java runtime for Spark (make test-engines): Debian's openjdk-17-jre-headless through apt when
# java is missing and we are root; otherwise says what to install.
command -v java >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing openjdk-17-jre-headless"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
else
    echo "error: Spark needs Java: apt-get install openjdk-17-jre-headless" >&2
    exit 1
fi
