#!/bin/sh
# System packages the report needs: a CJK font for Chinese text, HarfBuzz's subsetter (fast
# font embedding in WeasyPrint), poppler-utils (PDF text checks) and Chromium (browser tests). Installs through apt
# when something is missing (and PostgreSQL for the database tests) and we are root; otherwise says what to install and carries on.
missing=""
fc-list :lang=zh 2>/dev/null | grep -q . || missing="$missing fonts-noto-cjk"
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so' || missing="$missing libharfbuzz-subset0"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v fc-list >/dev/null 2>&1 || missing="$missing fontconfig"
# A PostgreSQL server for the tests that read tables in place (started by the tests on loopback).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
# Chromium for the browser tests of the HTML report (phone width, the filters).
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "warning: missing system packages:$missing (install them with apt-get as root)" >&2
fi
exit 0
