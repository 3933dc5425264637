#!/bin/sh
# Debian splits `venv` out of python3; install it when missing and we are root.
PYTHON="${1:-python3}"
if "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing python3-venv through apt ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip
else
    echo "error: $PYTHON lacks the venv module; install python3-venv" >&2
    exit 1
fi
