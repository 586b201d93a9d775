#!/usr/bin/env python3
"""Smart HTTP git server for the remote-transport tests: `git http-backend` as CGI behind a
small HTTP server on 127.0.0.1 only.

usage: git-http-server.py ROOT PORT [USER:PASSWORD]

With USER:PASSWORD every request needs that basic authentication (401 otherwise). Pushes are
allowed: REMOTE_USER is set to the user (or "clerk")."""
import base64
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT, PORT = sys.argv[1], int(sys.argv[2])
AUTH = sys.argv[3] if len(sys.argv) > 3 else None


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.backend()

    def do_POST(self):
        self.backend()

    def body(self):
        # libgit2 sends a push's pack with chunked transfer encoding.
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def backend(self):
        user = "clerk"
        if AUTH:
            header = self.headers.get("Authorization", "")
            given = base64.b64decode(header[6:]).decode() if header.startswith("Basic ") else None
            if given != AUTH:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="county vault"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            user = AUTH.split(":")[0]
        path, _, query = self.path.partition("?")
        body = self.body()
        env = dict(
            os.environ,
            GIT_PROJECT_ROOT=ROOT,
            GIT_HTTP_EXPORT_ALL="1",
            REQUEST_METHOD=self.command,
            PATH_INFO=path,
            QUERY_STRING=query,
            CONTENT_TYPE=self.headers.get("Content-Type", ""),
            CONTENT_LENGTH=str(len(body)),
            REMOTE_USER=user,
            REMOTE_ADDR="127.0.0.1",
        )
        # Request headers as HTTP_* variables, as a CGI server passes them (RFC 3875 4.1.18;
        # nginx's fastcgi and Apache's mod_cgi do): git http-backend hands them to the hooks.
        for name, value in self.headers.items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if key not in ("HTTP_AUTHORIZATION", "HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                env[key] = value
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
        separator = b"\r\n\r\n" if b"\r\n\r\n" in out else b"\n\n"
        head, _, payload = out.partition(separator)
        status, headers = 200, []
        for line in head.splitlines():
            name, _, value = line.decode().partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
