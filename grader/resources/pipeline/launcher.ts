// The program that starts every step inside a job's container, written into it at /github/bin.
// The grader sends it a request on stdin (environment, working directory, command, files to write),
// so that secrets never sit in a `docker exec` command line. It runs the step in a session of its own
// and returns when the step's process ends, even if the step left a background child holding its
// output open (`docker exec` would otherwise wait for that child); then it appends the file commands
// (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH) after a marker line only the grader knows.
export const LAUNCHER_PATH = "/github/bin/launch.py";

export const LAUNCHER_SOURCE = String.raw`import hashlib, json, os, select, subprocess, sys, glob, shutil

req = json.loads(sys.stdin.read())
out = sys.stdout.buffer


def trailer(payload):
    out.write(("\n" + req["marker"] + json.dumps(payload) + "\n").encode())
    out.flush()


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


mode = req.get("mode", "run")
if mode == "probe":
    # Which of these files exist, the hashes of those under the workspace to fingerprint, and what
    # the shims recorded.
    found = [p for p in req.get("exists", []) if os.path.lexists(p)]
    hashes = {}
    for rel in req.get("hash", []):
        p = os.path.join(req["cwd"], rel)
        if os.path.isfile(p):
            hashes[rel] = sha256(p)
    contents = {}
    for p in req.get("read", []):
        if os.path.isfile(p):
            with open(p, encoding="utf-8", errors="replace") as f:
                contents[p] = f.read(1 << 20)
    trailer({"exists": found, "hashes": hashes, "contents": contents})
    sys.exit(0)
if mode == "collect":
    # upload-artifact: the files the patterns match under cwd (a pattern starting with ! excludes), copied into dest
    # relative to the least common ancestor of what matched, as GitHub roots an artifact.
    matched, roots, excluded = set(), [], set()
    for pattern in req["patterns"]:
        negate = pattern.startswith("!")
        for m in glob.glob(os.path.join(req["cwd"], pattern[1:] if negate else pattern), recursive=True):
            walk = [m] if os.path.isfile(m) else [os.path.join(d, f) for d, _, fs in os.walk(m) for f in fs]
            if negate:
                excluded.update(walk)
            else:
                matched.update(walk)
                roots.append(os.path.dirname(m) if os.path.isfile(m) else m)
    files = {}
    root = None
    chosen = sorted(matched - excluded)
    if chosen:
        root = os.path.commonpath(roots)
        for f in chosen:
            rel = os.path.relpath(f, root)
            target = os.path.join(req["dest"], rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(f, target)
            files[rel] = sha256(f)
    trailer({"files": files, "root": root})
    sys.exit(0)

for path, content in req.get("files", {}).items():
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(content)
for path in req.get("touch", []):
    open(path, "w").close()
try:
    os.chdir(req["cwd"])
except OSError as e:
    out.write(("working-directory " + req["cwd"] + ": " + e.strerror + "\n").encode())
    trailer({"exit": 1})
    sys.exit(0)
try:
    p = subprocess.Popen(req["argv"], env=req["env"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
except OSError as e:
    out.write(("cannot start " + req["argv"][0] + ": " + e.strerror + "\n").encode())
    trailer({"exit": 127})
    sys.exit(0)
fd = p.stdout.fileno()
os.set_blocking(fd, False)
while True:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            chunk = None
        if chunk:
            out.write(chunk)
            out.flush()
            continue
        if chunk == b"":
            break
    if p.poll() is not None:
        # The step ended; a child it left behind may keep the pipe open: take what is there and go.
        try:
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                out.write(chunk)
        except BlockingIOError:
            pass
        break
code = p.wait()
commands = {}
for kind in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"):
    path = req["env"].get(kind)
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            commands[kind] = f.read()
trailer({"exit": code if code >= 0 else 128 - code, "commands": commands})
`;
