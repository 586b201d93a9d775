#!/usr/bin/env python3
"""Start and stop two real authenticating git servers on 127.0.0.1 for the access tests.

usage:
  county-servers.py gitolite-up DIR BARE_REPO USER1 [USER2 ...]
  county-servers.py nginx-up DIR REPOS_ROOT USER:PASSWORD [USER:PASSWORD ...]
  county-servers.py down DIR

Must run as root (Debian 12 with gitolite3, openssh-server, nginx-light, fcgiwrap and
apache2-utils installed). Python 3 standard library only.

gitolite-up: gitolite3 behind a private sshd. A new unix user `vgl<8 hex>` is created per call
  (tests run in parallel), BARE_REPO is copied (`cp -a`, hooks keep their exec bits) to
  ~/repositories/county.git and adopted by gitolite, which only adds its `hooks/update`
  symlink; our `pre-receive` and `reference-transaction` hooks stay as they are. Every USERi,
  `admin` (gitolite admin) and `nobody` (NOT known to gitolite) get an ed25519 key in
  DIR/keys/<name>. gitolite.conf gives `RW+` on `county` to @all: gitolite authenticates,
  the repo's own pre-receive hook decides. Prints
  {"kind":"gitolite","user":..,"port":..,"url":"ssh://USER@127.0.0.1:PORT/county",
   "repo":"/home/USER/repositories/county.git","keys":{"NAME":"DIR/keys/NAME",..},
   "known_hosts":"[127.0.0.1]:PORT ssh-ed25519 AAAA..","pids":[sshd]}

nginx-up: nginx + fcgiwrap + `git http-backend` with Basic auth (bcrypt htpasswd). REPOS_ROOT
  is chowned to www-data, and every parent of DIR and REPOS_ROOT gets o+x. Prints
  {"kind":"nginx","port":..,"url":"http://127.0.0.1:PORT/county.git","pids":[nginx, fcgiwrap]}

down: stops what the `*-up DIR` calls started (recorded in DIR/county-servers.state.json)
  and deletes the gitolite unix user. Idempotent.

On success exactly one JSON object is printed on stdout; on failure a one-line message goes to
stderr, whatever was half started is stopped again, and the exit status is 1.

Pitfalls handled here, all verified on this machine (source: ../shared/docs/access-notes.md,
i.e. /work/shared/docs/access-notes.md):
- useradd leaves the account locked ('!'); sshd with `UsePAM no` then refuses it
  ("account is locked"), so the password is set to '*' (`usermod -p '*'`).
- sshd must be started by its absolute path (re-exec), needs /run/sshd (tmpfs, may be
  missing), and its host key must stay 0600. StrictModes refuses an o+w home directory.
- init.defaultBranch=main and core.quotepath=false are set for the gitolite user before the
  first `gitolite setup` (otherwise empty clones get `master`, and CJK paths are quoted).
- gitolite commands run as the gitolite user only (as root: "logfile could not be created").
- gitolite names a user after the key file name; only ASCII names are allowed.
- A hand-installed hooks/pre-receive survives `gitolite setup` (only hooks/update is linked);
  repo-specific hooks are not enabled, because they would replace it.
- http-backend refuses a repository owned by another user ("dubious ownership", 500), so
  REPOS_ROOT is chowned to www-data.
- fcgiwrap passes its whole environment to the CGI, so it runs under `env -i`, as www-data
  (setpriv), on a unix socket (a TCP port stays in TIME_WAIT: "Address already in use").
- nginx workers must be `user www-data;` to connect to that socket (else 502, EACCES), and
  `auth_basic` must be on the location, otherwise $remote_user is NOT checked.
Not in the notes, found while writing this fixture:
- `useradd`/`userdel` exit with "cannot lock /etc/passwd" while another one holds the lock:
  retried (8 parallel runs never hit it here, but parallel tests may).
- `userdel` refuses while a process of the user runs (exit 8): those are killed by pid first.
- A ~/.gitolite made before the first `gitolite setup` (to write gitolite.conf and keydir, so
  that one setup suffices) needs its logs/ folder too: "FATAL: ... logfile could not be created".
- `gitolite setup -pk FILE` runs as the gitolite user, which cannot read FILE in a 0700 test
  folder, so the admin key is copied into the user's home for it.
- nginx workers (www-data) read the htpasswd file at request time: it is made group www-data.
- fcgiwrap (www-data) creates its socket in DIR, so DIR is given to group www-data (g+rwx).
- Hooks run as the gitolite user (or as www-data): files they read must be reachable by that
  user. gitolite-up does not open the test's 0700 folders (nginx-up does, for its paths).
- Output of hooks git runs outside the sideband (e.g. reference-transaction) reaches the ssh
  client's stderr without "remote: ", but over HTTP it only lands in DIR/fcgiwrap.log.
- nginx retries a failed bind() for 2.5 s: the log is watched so a taken port is retried at once.
- A daemon whose parent (this script) exits is reparented to PID 1, which may reap it late:
  `down` treats a zombie as stopped, and checks the recorded start time before it kills a pid.
"""
import base64
import http.client
import json
import os
import pwd
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time

STATE = "county-servers.state.json"
SSHD = "/usr/sbin/sshd"
NGINX = "/usr/sbin/nginx"
FCGIWRAP = "/usr/sbin/fcgiwrap"
HTTP_BACKEND = "/usr/lib/git-core/git-http-backend"
CLEAN_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
NAME_RE = re.compile(r"^[0-9a-zA-Z][-0-9a-zA-Z._@+]*$")  # gitolite's $USERNAME_PATT


class Failure(Exception):
    pass


# ---------------------------------------------------------------- small helpers


def run(args, **kw):
    """Run a command; raise Failure with its last stderr line if it fails."""
    p = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        lines = [l.strip() for l in (p.stderr or p.stdout).splitlines() if l.strip()]
        raise Failure(f"{' '.join(args[:3])}... exited {p.returncode}: {' | '.join(lines[-3:])}")
    return p.stdout


def retry_locked(args, ok=(0,), tries=40):
    """useradd/userdel/usermod exit non-zero while another one holds /etc/passwd.lock."""
    for attempt in range(tries):
        p = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if p.returncode in ok:
            return p.returncode
        if "lock" not in p.stderr.lower() or attempt == tries - 1:
            raise Failure(f"{' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
        time.sleep(0.05 + random.random() * 0.15)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_time(pid):
    """Start time of a live (non-zombie) process in clock ticks, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return None if fields[0] in ("Z", "X") else int(fields[19])


def spawn(args, log, name=None, **kw):
    """Start a daemon in its own session; its output goes to a log file, never to our stdout."""
    with open(log, "ab") as out:
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                             start_new_session=True, **kw)
    return {"pid": p.pid, "start": start_time(p.pid), "name": name or os.path.basename(args[0])}


def wait_until(check, timeout, what, proc=None, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if proc and start_time(proc["pid"]) != proc["start"]:
            break
        time.sleep(0.02)
    tail = ""
    if log and os.path.exists(log):
        with open(log, errors="replace") as f:
            lines = [l.strip() for l in f if l.strip()]
        tail = f" (log: {lines[-1]})" if lines else ""
    raise Failure(f"{what}{tail}")


def port_answers(port, banner=b""):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            return s.recv(len(banner)).startswith(banner) if banner else True
    except OSError:
        return False


def listens(proc, port):
    """True when `proc` itself owns the listening socket on 127.0.0.1:port: a parallel test
    that grabbed the same free port must not be mistaken for our server."""
    inodes = set()
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if fields[1] == f"0100007F:{port:04X}" and fields[3] == "0A":  # 0A = LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    if not inodes:
        return False
    try:
        fds = os.listdir(f"/proc/{proc['pid']}/fd")
    except FileNotFoundError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{proc['pid']}/fd/{fd}") in inodes:
                return start_time(proc["pid"]) == proc["start"]
        except FileNotFoundError:
            pass
    return False


def stop(proc, timeout=5.0):
    """Stop a recorded process (and its process group) if it is still the one we started."""
    pid = proc["pid"]
    if start_time(pid) is None or start_time(pid) != proc.get("start"):
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 2.0)):
        for kill in (lambda: os.killpg(pid, sig), lambda: os.kill(pid, sig)):
            try:
                kill()  # pgid == pid (own session); also takes nginx's workers along
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and start_time(pid) == proc["start"]:
            try:
                os.waitpid(pid, os.WNOHANG)  # reaps it if it is our own child
            except ChildProcessError:
                pass
            time.sleep(0.02)
        if start_time(pid) != proc["start"]:
            break
    try:  # leftover members of its group (e.g. nginx workers after a SIGKILLed master)
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_user_processes(uid):
    """Processes still running as the (unique, ours) gitolite user, e.g. a hook; by pid."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    os.kill(int(entry), signal.SIGKILL)
            except (FileNotFoundError, ProcessLookupError):
                pass


def chown_tree(path, uid, gid):
    os.lchown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, gid)


def traversable(path):
    """chmod o+x on every parent directory of path (tests use 0700 folders under /tmp)."""
    path = os.path.dirname(os.path.realpath(path))
    while path != "/":
        mode = os.stat(path).st_mode
        if not mode & 0o001:
            os.chmod(path, (mode & 0o7777) | 0o001)
        path = os.path.dirname(path)


# ---------------------------------------------------------------- state file


def load_state(d):
    try:
        with open(os.path.join(d, STATE)) as f:
            return json.load(f)
    except FileNotFoundError:
        return []


def save_state(d, entries):
    tmp = os.path.join(d, STATE + ".tmp")
    with open(tmp, "w") as f:
        json.dump(entries, f, indent=1)
    os.replace(tmp, os.path.join(d, STATE))


class Recorder:
    """One entry of the state file, saved after every change so a failure can be undone."""

    def __init__(self, d, kind):
        self.d, self.entries = d, load_state(d)
        self.entry = {"kind": kind, "procs": []}
        self.entries.append(self.entry)
        save_state(d, self.entries)

    def set(self, **kw):
        self.entry.update(kw)
        save_state(self.d, self.entries)

    def proc(self, proc):
        self.entry["procs"].append(proc)
        save_state(self.d, self.entries)

    def undo(self):
        teardown(self.entry)
        self.entries.remove(self.entry)
        save_state(self.d, self.entries)


def undo_after_failure(rec, error):
    """Undo a failed `up`; the original error stays the one (one-line) message."""
    try:
        rec.undo()
    except Exception as e:  # noqa: BLE001
        raise Failure(f"{error}; the clean-up failed too: {e}") from error


def teardown(entry):
    for proc in reversed(entry.get("procs", [])):
        stop(proc)
    user = entry.get("user")
    if user:
        try:
            uid = pwd.getpwnam(user).pw_uid
        except KeyError:
            return
        for _ in range(20):
            kill_user_processes(uid)
            # 6: no such user (already gone); 12: home/mail spool could not be removed
            rc = retry_locked(["userdel", "-r", user], ok=(0, 6, 8, 12))
            if rc != 8:  # 8: the user is still logged in / has processes
                break
            time.sleep(0.1)
        else:
            raise Failure(f"userdel {user}: the user still has processes")
        shutil.rmtree(f"/home/{user}", ignore_errors=True)


# ---------------------------------------------------------------- gitolite


def gitolite_up(d, bare, names):
    if not os.path.isfile(os.path.join(bare, "HEAD")):
        raise Failure(f"{bare} is not a bare git repository")
    for n in names:
        if not NAME_RE.match(n) or n == "nobody":
            raise Failure(f"bad gitolite user name {n!r} (ASCII, not 'nobody')")
    rec = Recorder(d, "gitolite")
    try:
        return _gitolite_up(d, bare, names, rec)
    except BaseException as e:
        undo_after_failure(rec, e)
        raise


def _gitolite_up(d, bare, names, rec):
    keys_dir, sshd_dir = os.path.join(d, "keys"), os.path.join(d, "sshd")
    os.makedirs(keys_dir, exist_ok=True)
    os.makedirs(sshd_dir, exist_ok=True)

    # key generation runs in parallel with creating the user
    key_names = list(dict.fromkeys(["admin", *names, "nobody"]))
    host_key = os.path.join(sshd_dir, "ssh_host_ed25519_key")
    jobs = []
    for path, comment in [(os.path.join(keys_dir, k), k) for k in key_names] + [(host_key, "host")]:
        for stale in (path, path + ".pub"):
            if os.path.exists(stale):
                os.unlink(stale)
        jobs.append(subprocess.Popen(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment,
                                      "-f", path], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))

    user = "vgl" + secrets.token_hex(4)
    rec.set(user=user)  # recorded first: `down` removes it even if useradd half-succeeded
    retry_locked(["useradd", "-m", "-s", "/bin/sh", user])
    retry_locked(["usermod", "-p", "*", user])  # '!' (locked) is refused by sshd, UsePAM no
    pw = pwd.getpwnam(user)
    home, uid, gid = pw.pw_dir, pw.pw_uid, pw.pw_gid
    os.chmod(home, 0o755)  # StrictModes: no group/other write

    for job in jobs:
        if job.wait() != 0:
            raise Failure(f"ssh-keygen failed: {job.stderr.read().decode().strip()}")
    os.chmod(host_key, 0o600)

    # git settings and gitolite's admin files, before the (single) `gitolite setup`
    with open(os.path.join(home, ".gitconfig"), "w") as f:
        f.write("[init]\n\tdefaultBranch = main\n[core]\n\tquotepath = false\n")
    admin_dir = os.path.join(home, ".gitolite")
    os.makedirs(os.path.join(admin_dir, "conf"))
    os.makedirs(os.path.join(admin_dir, "keydir"))
    os.makedirs(os.path.join(admin_dir, "logs"))  # else "logfile could not be created"
    with open(os.path.join(admin_dir, "conf", "gitolite.conf"), "w") as f:
        f.write("repo gitolite-admin\n    RW+     =   admin\n\nrepo county\n    RW+     =   @all\n")
    for k in key_names:
        if k not in ("admin", "nobody"):
            shutil.copyfile(os.path.join(keys_dir, k + ".pub"),
                            os.path.join(admin_dir, "keydir", k + ".pub"))
    admin_pub = os.path.join(home, "admin.pub")  # DIR may be 0700: the user could not read it
    shutil.copyfile(os.path.join(keys_dir, "admin.pub"), admin_pub)

    # our repo, adopted by gitolite (it only adds hooks/update)
    repos = os.path.join(home, "repositories")
    os.makedirs(repos)
    repo = os.path.join(repos, "county.git")
    run(["cp", "-a", "--", bare.rstrip("/"), repo])
    chown_tree(home, uid, gid)

    user_env = {"HOME": home, "USER": user, "LOGNAME": user, "SHELL": "/bin/sh",
                "PATH": CLEAN_PATH, "LANG": "C.UTF-8"}
    run(["setpriv", f"--reuid={uid}", f"--regid={gid}", "--init-groups", "--",
         "gitolite", "setup", "-pk", admin_pub], env=user_env, cwd=home)
    os.unlink(admin_pub)
    if not os.path.islink(os.path.join(repo, "hooks", "update")):
        raise Failure("gitolite did not adopt county.git (no hooks/update link)")
    # the hooks run as the user: they must be executable by it and able to write in the repo
    as_user = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--init-groups", "--"]
    for hook in ("pre-receive", "reference-transaction"):
        path = os.path.join(repo, "hooks", hook)
        if os.path.exists(path):
            run(as_user + ["test", "-x", path], env=user_env)
    run(as_user + ["test", "-w", repo], env=user_env)

    # the private sshd
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
    conf, log = os.path.join(sshd_dir, "sshd_config"), os.path.join(sshd_dir, "sshd.log")
    pidfile = os.path.join(sshd_dir, "sshd.pid")
    for attempt in range(3):  # a free port can be taken by a parallel test before sshd binds
        port = free_port()
        with open(conf, "w") as f:
            f.write(f"ListenAddress 127.0.0.1\nPort {port}\nHostKey {host_key}\n"
                    f"PidFile {pidfile}\nAuthorizedKeysFile .ssh/authorized_keys\n"
                    "PubkeyAuthentication yes\nPasswordAuthentication no\n"
                    "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes yes\n"
                    f"AllowUsers {user}\nLogLevel VERBOSE\nPrintMotd no\nX11Forwarding no\n")
        run([SSHD, "-t", "-f", conf])
        proc = spawn([SSHD, "-D", "-f", conf, "-E", log], log)
        rec.proc(proc)
        try:
            wait_until(lambda: listens(proc, port) and port_answers(port, b"SSH-2.0-"), 10,
                       f"sshd did not answer on 127.0.0.1:{port}", proc, log)
            break
        except Failure:
            stop(proc)
            rec.entry["procs"].remove(proc)
            if attempt == 2:
                raise

    with open(host_key + ".pub") as f:
        host_type, host_b64 = f.read().split()[:2]
    return {
        "kind": "gitolite",
        "user": user,
        "port": port,
        "url": f"ssh://{user}@127.0.0.1:{port}/county",
        "repo": repo,
        "keys": {k: os.path.join(keys_dir, k) for k in key_names},
        "known_hosts": f"[127.0.0.1]:{port} {host_type} {host_b64}",
        "pids": [proc["pid"]],
    }


# ---------------------------------------------------------------- nginx + fcgiwrap


NGINX_CONF = """\
daemon off;
user www-data;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log info;
events {{ worker_connections 64; }}
http {{
  access_log {d}/access.log;
  client_max_body_size 0;
  client_body_temp_path {d}/tmp/body;
  fastcgi_temp_path {d}/tmp/fastcgi;
  proxy_temp_path {d}/tmp/proxy;
  uwsgi_temp_path {d}/tmp/uwsgi;
  scgi_temp_path {d}/tmp/scgi;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      auth_basic "county vault";
      auth_basic_user_file {d}/htpasswd;
      fastcgi_pass unix:{d}/fcgiwrap.sock;
      fastcgi_param SCRIPT_FILENAME {backend};
      fastcgi_param GIT_PROJECT_ROOT {root};
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param REMOTE_USER $remote_user;
      fastcgi_param PATH_INFO $uri;
      fastcgi_param QUERY_STRING $query_string;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param CONTENT_TYPE $content_type;
      fastcgi_param CONTENT_LENGTH $content_length;
      fastcgi_param REMOTE_ADDR $remote_addr;
      fastcgi_param SERVER_PROTOCOL $server_protocol;
      fastcgi_param GATEWAY_INTERFACE CGI/1.1;
      fastcgi_param HTTP_ACCEPT_LANGUAGE $http_accept_language if_not_empty;
      fastcgi_param GIT_PROTOCOL $http_git_protocol if_not_empty;
    }}
  }}
}}
"""


def http_status(port, path, auth=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {}
        if auth:
            headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        r.read()
        return r.status
    finally:
        conn.close()


def nginx_up(d, root, creds):
    root = os.path.realpath(root)
    if not os.path.isdir(root):
        raise Failure(f"{root} is not a directory")
    users = []
    for c in creds:
        u, sep, p = c.partition(":")
        if not sep or not u or not p:
            raise Failure(f"bad USER:PASSWORD {c!r}")
        users.append((u, p))
    rec = Recorder(d, "nginx")
    try:
        return _nginx_up(d, root, users, rec)
    except BaseException as e:
        undo_after_failure(rec, e)
        raise


def _nginx_up(d, root, users, rec):
    www = pwd.getpwnam("www-data")
    chown_tree(root, www.pw_uid, www.pw_gid)  # else http-backend: "dubious ownership", 500
    traversable(root)
    traversable(d)
    os.chown(d, -1, www.pw_gid)  # fcgiwrap (www-data) creates its socket here
    os.chmod(d, (os.stat(d).st_mode & 0o7777) | 0o071)
    os.chmod(root, (os.stat(root).st_mode & 0o7777) | 0o001)
    os.makedirs(os.path.join(d, "tmp"), exist_ok=True)

    htpasswd = os.path.join(d, "htpasswd")
    if os.path.exists(htpasswd):
        os.unlink(htpasswd)
    for i, (u, p) in enumerate(users):
        run(["htpasswd", "-bB"] + (["-c"] if i == 0 else []) + [htpasswd, u, p])
    os.chown(htpasswd, 0, www.pw_gid)  # read by the workers at request time
    os.chmod(htpasswd, 0o640)

    sock = os.path.join(d, "fcgiwrap.sock")
    if os.path.exists(sock):
        os.unlink(sock)
    fcgi_log = os.path.join(d, "fcgiwrap.log")
    fcgi = spawn(["setpriv", "--reuid=www-data", "--regid=www-data", "--clear-groups",
                  "env", "-i", f"PATH={CLEAN_PATH}", FCGIWRAP, "-s", f"unix:{sock}"],
                 fcgi_log, name="fcgiwrap", cwd="/")
    rec.proc(fcgi)

    def socket_ready():
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(sock)
            return True
        except OSError:
            return False

    wait_until(socket_ready, 10, "fcgiwrap did not open its socket", fcgi, fcgi_log)

    conf, log = os.path.join(d, "nginx.conf"), os.path.join(d, "error.log")
    for attempt in range(3):  # the free port may be taken by a parallel test meanwhile
        port = free_port()
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(d=d, port=port, root=root, backend=HTTP_BACKEND))
        run([NGINX, "-t", "-q", "-p", d, "-e", log, "-c", conf])
        proc = spawn([NGINX, "-p", d, "-e", log, "-c", conf], log, cwd=d)
        rec.proc(proc)
        log_start = os.path.getsize(log) if os.path.exists(log) else 0

        def bind_failed():  # nginx retries bind() for 2.5 s before it gives up: don't wait
            with open(log, errors="replace") as f:
                f.seek(log_start)
                return "Address already in use" in f.read()

        def ready():
            if bind_failed():
                raise Failure(f"nginx could not bind 127.0.0.1:{port}")
            return listens(proc, port) and port_answers(port)

        try:
            wait_until(ready, 10, f"nginx did not answer on 127.0.0.1:{port}", proc, log)
            break
        except Failure:
            stop(proc)
            rec.entry["procs"].remove(proc)
            if attempt == 2:
                raise

    if os.path.isdir(os.path.join(root, "county.git")):
        path = "/county.git/info/refs?service=git-upload-pack"
        status = http_status(port, path)
        if status != 401:
            raise Failure(f"GET {path} without credentials gave {status}, not 401")
        status = http_status(port, path, f"{users[0][0]}:{users[0][1]}")
        if status != 200:
            raise Failure(f"GET {path} as {users[0][0]} gave {status}, not 200 (see {log})")
    return {
        "kind": "nginx",
        "port": port,
        "url": f"http://127.0.0.1:{port}/county.git",
        "pids": [proc["pid"], fcgi["pid"]],
    }


# ---------------------------------------------------------------- main


def down(d):
    if not os.path.isdir(d):
        return {"kind": "down", "stopped": 0}
    entries = load_state(d)
    count = len(entries)
    for entry in list(reversed(entries)):
        teardown(entry)
        entries.remove(entry)
        save_state(d, entries)
    return {"kind": "down", "stopped": count}


USAGE = ("usage: county-servers.py gitolite-up DIR BARE_REPO USER1 [USER2 ...] | "
         "nginx-up DIR REPOS_ROOT USER:PASSWORD [...] | down DIR")


def main(argv):
    if len(argv) < 2:
        raise Failure(USAGE)
    cmd, d = argv[0], os.path.abspath(argv[1])
    if os.geteuid() != 0:
        raise Failure("must run as root")
    if cmd == "down" and len(argv) == 2:
        return down(d)
    if cmd in ("gitolite-up", "nginx-up") and len(argv) >= 4:
        os.makedirs(d, exist_ok=True)
        if cmd == "gitolite-up":
            return gitolite_up(d, os.path.abspath(argv[2]), argv[3:])
        return nginx_up(d, argv[2], argv[3:])
    raise Failure(USAGE)


if __name__ == "__main__":
    try:
        result = main(sys.argv[1:])
    except Failure as e:
        print(f"county-servers.py: {e}", file=sys.stderr)
        sys.exit(1)
    except Exception as e:  # noqa: BLE001 - one line on stderr, whatever it is
        print(f"county-servers.py: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(result))
