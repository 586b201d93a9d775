#!/usr/bin/env bash
# Installs what the test suite needs and the machine lacks (Debian/Ubuntu, with apt), so that
# `make test` runs on a fresh machine; `.ci/run` runs `make test` and so installs the same.
# - libgit2-dev and libsqlite3-dev: the vault itself and `vault sql` (also `make deps`);
# - postgresql: `vault export --postgres` is tested against a server the test starts itself;
# - LibreOffice (workbooks opened as Excel would; Writer converts .doc/.wps for import and
#   makes the test PDFs), poppler-utils (pdftotext: PDFs imported), headless Chromium and a
#   CJK font (pages rendered; without the font Chinese renders as boxes);
# - sshd and ssh-keygen: the ssh transport's tests start their own sshd on 127.0.0.1, the
#   signing tests check signatures with ssh-keygen -Y verify and git tag -v;
# - git with git daemon and git http-backend: the transports' tests serve vaults with them;
# - fiu-utils (libfiu's fiu-run): the fault campaign (make faults, and a short one in the tests);
# - gitolite3, nginx-light, fcgiwrap and apache2-utils (htpasswd): the permission tests run the
#   county server as README's "Running the county server" sets it up, over ssh and over HTTP.
set -euo pipefail
need=()
pkg-config --exists libgit2 2>/dev/null || need+=(libgit2-dev pkg-config)
pkg-config --exists sqlite3 2>/dev/null || need+=(libsqlite3-dev)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v git >/dev/null || need+=(git)
command -v libreoffice >/dev/null || need+=(libreoffice-calc)
dpkg -s libreoffice-writer >/dev/null 2>&1 || need+=(libreoffice-writer)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || need+=(fonts-wqy-microhei)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v python3 >/dev/null || need+=(python3)
command -v fiu-run >/dev/null || need+=(fiu-utils)
command -v gitolite >/dev/null || need+=(gitolite3)
[ -x /usr/sbin/nginx ] || need+=(nginx-light)
[ -x /usr/sbin/fcgiwrap ] || need+=(fcgiwrap)
command -v htpasswd >/dev/null || need+=(apache2-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing what the tests need: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
