// Commands a workflow calls that the runner cannot run for real: they record the call in
// /github/record/calls.jsonl (read at the job's end) and answer like the real tool. The runner has
// no cluster and no Docker engine; what matters for grading is that the call was made, in which
// job, with what arguments. Python, since every runner image has it.
export const CALLS_FILE = "/github/record/calls.jsonl";

const HEAD = String.raw`#!/usr/bin/env python3
import json, sys

argv = sys.argv[1:]


def record(entry):
    with open("${CALLS_FILE}", "a") as f:
        f.write(json.dumps(entry) + "\n")


def value_of(*flags):
    for i, a in enumerate(argv):
        for flag in flags:
            if a == flag and i + 1 < len(argv):
                return argv[i + 1]
            if a.startswith(flag + "="):
                return a[len(flag) + 1:]
    return None

`;

const KUBECTL = `${HEAD}# kubectl stand-in (mlops-lab grader): records the call; there is no cluster behind it.
record({"tool": "kubectl", "argv": argv})
verb = next((a for a in argv if not a.startswith("-")), "")
if verb == "rollout" and "status" in argv:
    print("deployment successfully rolled out")
elif verb == "version":
    print("Client Version: v1.34.4 (mlops-lab recording stand-in)")
`;

const DOCKER = `${HEAD}# docker stand-in (mlops-lab grader): the runner has no Docker engine. A login is recorded (the
# password is read, never written down); building or pushing from run: is refused with the fix.
cmd = next((a for a in argv if not a.startswith("-")), "")
if cmd == "login":
    password = sys.stdin.read().strip() if "--password-stdin" in argv else value_of("-p", "--password")
    user = value_of("-u", "--username") or ""
    skip = {"-u", "--username", "-p", "--password"}
    positional = [a for i, a in enumerate(argv) if not a.startswith("-") and a != "login" and (i == 0 or argv[i - 1] not in skip)]
    record({"tool": "docker", "argv": ["login"], "registry": positional[0] if positional else "", "username": user, "password": bool(password)})
    if not password:
        print("Error: cannot perform an interactive login from a non TTY device", file=sys.stderr)
        sys.exit(1)
    print("Login Succeeded")
elif cmd in ("version", "") or "--version" in argv:
    print("Docker version 26.1.5 (mlops-lab recording stand-in, no engine)")
else:
    print("docker " + cmd + ": the grader's runner has no Docker engine; build and push with docker/build-push-action, log in with docker/login-action (see the lab's README)", file=sys.stderr)
    sys.exit(1)
`;

export const SHIMS: Record<string, string> = { kubectl: KUBECTL, docker: DOCKER };
