// The load generator the grader runs inside the cluster as a Job, so requests reach the pods through
// the Service (kube-proxy), the way real clients do; a port-forward ends in one pod and would hide
// what a rollout or a drain does. Python's standard library only: it runs in the stand-in Python
// image. Open model: requests leave at a fixed rate whatever the answers do, each on its own
// connection (a new Service backend choice every time), latency counted from the intended send time.
// One JSON line per second (`tick`) and one at the end (`summary`); the grader reads them from the log.
// The grader ends a load early by deleting its pod: SIGTERM stops the sending, the summary follows.
export const LOADGEN_SCRIPT = String.raw`
import json, os, signal, sys, threading, time, http.client, socket
from concurrent.futures import ThreadPoolExecutor

host = os.environ["TARGET_HOST"]; port = int(os.environ["TARGET_PORT"]); path = os.environ["TARGET_PATH"]
rate = float(os.environ["RATE"]); duration = float(os.environ["DURATION"]); timeout = float(os.environ["TIMEOUT"])
body = os.environ["BODY"].encode()
lock = threading.Lock()
window = []; all_ms = []; errors = {}; samples = []
sent = ok = failed = 0

def kind_of(err):
    if isinstance(err, socket.timeout) or "timed out" in str(err): return "timeout"
    if isinstance(err, ConnectionRefusedError): return "connection refused"
    if isinstance(err, ConnectionResetError): return "connection reset"
    if isinstance(err, http.client.RemoteDisconnected): return "closed without answer"
    if isinstance(err, socket.gaierror): return "name not resolved"
    return type(err).__name__

def one(intended):
    global ok, failed
    what = None
    try:
        c = http.client.HTTPConnection(host, port, timeout=timeout)
        c.request("POST", path, body=body, headers={"content-type": "application/json", "connection": "close"})
        r = c.getresponse(); r.read(); c.close()
        if r.status != 200: what = "HTTP %d" % r.status
    except Exception as err:
        what = kind_of(err)
    ms = (time.monotonic() - intended) * 1000
    with lock:
        if what is None:
            ok += 1; window.append(ms); all_ms.append(ms)
        else:
            failed += 1; errors[what] = errors.get(what, 0) + 1
            if len(samples) < 5: samples.append("%.1f s: %s" % (intended - start, what))

def pct(xs, q):
    if not xs: return 0.0
    xs = sorted(xs); return xs[min(len(xs) - 1, int(q * len(xs)))]

# SIGTERM (the grader deleting this pod) ends the load early: the summary still comes.
stopping = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stopping.set())
pool = ThreadPoolExecutor(max_workers=int(os.environ.get("WORKERS", "64")))
start = time.monotonic(); n = 0; next_tick = start + 1
while True:
    now = time.monotonic()
    if now - start >= duration or stopping.is_set(): break
    due = start + n / rate
    if due <= now:
        pool.submit(one, due); n += 1; sent = n
        continue
    if now >= next_tick:
        with lock:
            w = window[:]; window.clear()
            print(json.dumps({"tick": round(now - start, 1), "sent": sent, "ok": ok, "failed": failed, "p95": round(pct(w, 0.95), 1)}), flush=True)
        next_tick += 1
    stopping.wait(max(0.0, min(due, next_tick) - time.monotonic()))
pool.shutdown(wait=True)
print(json.dumps({"summary": {"sent": sent, "ok": ok, "failed": failed, "errors": errors, "samples": samples,
  "p50": round(pct(all_ms, 0.5), 1), "p95": round(pct(all_ms, 0.95), 1), "p99": round(pct(all_ms, 0.99), 1),
  "max": round(max(all_ms) if all_ms else 0.0, 1), "seconds": round(time.monotonic() - start, 1)}}), flush=True)
`;
