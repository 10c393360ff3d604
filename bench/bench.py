#!/usr/bin/env python3
"""The benchmark driver behind scripts/bench.

Runs the release binary on loopback, on SQLite and then on a fresh PostgreSQL database,
drives it with wrk (bench/load.lua), and writes bench/report.json and bench/report.md.
Every throughput is also given as a share of the ceiling measured in the same run, and
every figure carries the machine, the argon2 parameters and the database mode, so a run
on a busy machine still compares with one on a quiet machine.
"""

import argparse
import datetime
import gzip
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PASSWORD = "benchmark password 42"
MASTER_SECRET = "a master secret for benchmark instances only, 48 bytes"
POSTGRES_ADMIN = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "postgres"]
# Unauthenticated password sign-ins the memory figure drives, and how many at a time.
MEMORY_SIGN_INS = 5000
MEMORY_CONNECTIONS = 32
# Verification runs use this many distinct sessions' tokens: each token is reused the
# way a browser reuses its session JWT for every request in its ~60 s life.
TOKEN_SESSIONS = 1000
TARGETS = {
    "refresh_ratio": 0.30,
    "verify_ratio": 0.90,
    "sign_in_share": 0.80,
    "refresh_p99_ms": 50.0,
    "idle_rss_mib": 40.0,
    "sign_in_rss_mib": 100.0,
    "ready_ms": 1000.0,
    "bundle_kb": 250.0,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--modes", default="sqlite,postgres")
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per load")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--out", default=str(BENCH_DIR))
    args = parser.parse_args()

    machine = describe_machine()
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine,
        "settings": {
            "sessions": args.sessions,
            "duration_s": args.duration,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "token_sessions": TOKEN_SESSIONS,
        },
        "modes": {},
    }
    for mode in args.modes.split(","):
        log(f"=== {mode}")
        report["modes"][mode] = Run(args, mode).run()
    out = Path(args.out)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "report.md").write_text(render(report))
    log(f"wrote {out / 'report.md'} and {out / 'report.json'}")


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def describe_machine():
    meminfo = Path("/proc/meminfo").read_text()
    total_kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(total_kib / 1024 / 1024, 1),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "kernel": platform.release(),
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0].strip(),
    }


def git_commit():
    result = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return result.stdout.strip() + ("+dirty" if dirty else "")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


class Server:
    """One hallpass process; `ready_ms` is the time from spawn to the first 200 on /readyz."""

    def __init__(self, binary, command, env, log_path, port):
        self.port = port
        self.log_file = open(log_path, "ab")
        started = time.perf_counter()
        self.process = subprocess.Popen([binary, *command], env=env, stdout=self.log_file,
                                        stderr=subprocess.STDOUT, cwd=env["BENCH_WORKDIR"])
        self.ready_ms = self._wait_ready(started)

    def _wait_ready(self, started):
        deadline = started + 60
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"hallpass exited with {self.process.returncode}; see {self.log_file.name}")
            try:
                status, _, _ = request(self.port, "GET", "/readyz", timeout=1)
                if status == 200:
                    return (time.perf_counter() - started) * 1000
            except OSError:
                pass
            time.sleep(0.002)
        raise RuntimeError("hallpass was not ready within 60 s")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


def request(port, method, path, headers=None, body=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_listening(port, process):
    for _ in range(3000):
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.01)
    raise RuntimeError("nothing listening after 30 s")


class RssSampler(threading.Thread):
    """The largest resident set seen while a load runs."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.join()
        return round(self.peak, 1)


class Run:
    """Every figure for one database mode."""

    def __init__(self, args, mode):
        self.args, self.mode = args, mode
        self.workdir = Path(tempfile.mkdtemp(prefix=f"hallpass-bench-{mode}-"))
        self.port = free_port()
        self.database = None
        self.env = {
            **os.environ,
            "BENCH_WORKDIR": str(self.workdir),
            "BENCH_PASSWORD": PASSWORD,
            "HALLPASS_ADDR": f"127.0.0.1:{self.port}",
            "HALLPASS_MASTER_SECRET": MASTER_SECRET,
            # Every request comes from 127.0.0.1: the per-address limit would measure
            # the limiter, not the sign-in.
            "HALLPASS_SIGN_IN_ATTEMPTS_PER_MINUTE": "1000000000",
        }
        self.env.pop("RUST_LOG", None)
        self.env.pop("HALLPASS_CONFIG", None)

    def run(self):
        try:
            return self._run()
        finally:
            self._drop_database()
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _run(self):
        figures = {"load_average": os.getloadavg()[0]}
        self._create_database()
        figures["database"] = self.mode
        figures["seed_s"] = self._seed()
        figures["footprint"] = self._footprint()
        figures["sign_in_memory"] = self._sign_in_memory()
        figures["ceiling"] = self._ceiling()
        server = self._serve(["bench", "serve"])
        try:
            figures["refresh"] = self._refresh(server)
            figures["verification"] = self._verification()
            figures["hash"], figures["sign_in"] = self._sign_in()
            figures["ssr"] = self._ssr()
            figures["bundle"] = self._bundle()
        finally:
            server.stop()
        figures["server_errors_logged"] = self._count_log_errors()
        return figures

    # --- set-up

    def _create_database(self):
        if self.mode == "sqlite":
            self.env["DATABASE_URL"] = f"sqlite://{self.workdir / 'hallpass.db'}"
            return
        self.database = f"hallpass_bench_{int(time.time())}_{os.getpid()}"
        subprocess.run(["psql", "-q", *POSTGRES_ADMIN, "-c", f'CREATE DATABASE "{self.database}"'],
                       check=True, env={**os.environ, "PGPASSWORD": "postgres"})
        self.env["DATABASE_URL"] = f"postgres://postgres:postgres@127.0.0.1:5432/{self.database}"

    def _drop_database(self):
        if self.database:
            subprocess.run(["psql", "-q", *POSTGRES_ADMIN, "-c",
                            f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'],
                           env={**os.environ, "PGPASSWORD": "postgres"})

    def _bin(self, *command):
        return subprocess.run([self.args.binary, *command], env=self.env, check=True,
                              capture_output=True, text=True, cwd=self.workdir).stdout

    def _hash_timing(self):
        timing = json.loads(self._bin("bench", "hash", "--rounds", "10"))
        log(f"argon2id m={timing['m_cost_kib']} t={timing['t_cost']} p={timing['p_cost']}: "
            f"{timing['median_ms']:.1f} ms per hash")
        return timing

    def _seed(self):
        started = time.perf_counter()
        self.sessions_file = self.workdir / "sessions.tsv"
        self._bin("bench", "seed", "--sessions", str(self.args.sessions), "--password", PASSWORD,
                  "--out", str(self.sessions_file))
        elapsed = time.perf_counter() - started
        log(f"seeded {self.args.sessions} signed-in users in {elapsed:.1f} s")
        return round(elapsed, 1)

    def _serve(self, command):
        return Server(self.args.binary, command, self.env, self.workdir / "hallpass.log", self.port)

    def _wrk(self, scenario, url_path, connections=None, file=None, headers=(), script="load.lua",
             duration=None, env=None):
        command = ["wrk", "-t", str(self.args.threads), "-c", str(connections or self.args.connections),
                   "-d", f"{duration or self.args.duration}s", "--timeout", "10s", "-s", script]
        for header in headers:
            command += ["-H", header]
        command += [f"http://127.0.0.1:{self.port}{url_path}", "--", scenario]
        if file:
            command.append(str(file))
        return self._run_wrk(command, env)

    def _run_wrk(self, command, env=None):
        output = subprocess.run(command, env={**self.env, **(env or {})}, capture_output=True,
                                text=True, check=True, cwd=BENCH_DIR).stdout
        result = json.loads(output.strip().splitlines()[-1])
        seconds = result["duration_us"] / 1e6
        errors = sum(result["errors"].values())
        summary = {
            "rps": round(result["requests"] / seconds, 1),
            "p50_ms": result["latency_us"]["p50"] / 1000,
            "p99_ms": result["latency_us"]["p99"] / 1000,
            "requests": result["requests"],
            "errors": errors,
        }
        log(f"  {command[command.index('--') + 1]} {command[command.index('--') - 1]}: "
            f"{summary['rps']} req/s, p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms, "
            f"{errors} errors")
        return summary

    # --- the figures

    def _footprint(self):
        """Three cold starts of plain `hallpass serve`: time to ready, then idle memory."""
        readies, idle = [], []
        for _ in range(3):
            server = self._serve(["serve"])
            readies.append(server.ready_ms)
            time.sleep(2)
            idle.append(rss_mib(server.process.pid))
            server.stop()
        readies.sort()
        log(f"  ready in {readies[1]:.0f} ms (median of 3), idle RSS {max(idle):.1f} MiB")
        return {"ready_ms": round(readies[1], 1), "ready_ms_all": [round(r, 1) for r in readies],
                "idle_rss_mib": round(max(idle), 1)}

    def _sign_in_memory(self):
        """RSS of a fresh `hallpass serve` after MEMORY_SIGN_INS password sign-ins for
        addresses nobody owns, MEMORY_CONNECTIONS at a time, with no cookies: each one
        runs a full argon2 verification (the dummy hash) and leaves a client and a sign-in
        behind, the way an attacker's burst does. Idle RSS is measured in the same run."""
        server = self._serve(["serve"])
        try:
            time.sleep(2)
            idle = rss_mib(server.process.pid)
            sampler = RssSampler(server.process.pid)
            sampler.start()
            statuses = {}
            lock = threading.Lock()
            numbers = iter(range(MEMORY_SIGN_INS))

            def attempts():
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                while True:
                    with lock:
                        i = next(numbers, None)
                    if i is None:
                        break
                    body = json.dumps({"identifier": f"nobody-{i}@example.com",
                                       "password": f"not the password {i}", "strategy": "password"})
                    connection.request("POST", "/v1/client/sign_ins", body=body,
                                       headers={"Content-Type": "application/json"})
                    response = connection.getresponse()
                    response.read()
                    with lock:
                        statuses[response.status] = statuses.get(response.status, 0) + 1
                connection.close()

            started = time.perf_counter()
            threads = [threading.Thread(target=attempts) for _ in range(MEMORY_CONNECTIONS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            peak = sampler.stop()
            time.sleep(1)
            after = rss_mib(server.process.pid)
        finally:
            server.stop()
        unexpected = sum(count for status, count in statuses.items() if status != 422)
        log(f"  {MEMORY_SIGN_INS} sign-ins in {elapsed:.0f} s: RSS idle {idle:.1f} MiB, "
            f"after {after:.1f} MiB, peak {peak} MiB; answers {statuses}")
        return {"attempts": MEMORY_SIGN_INS, "connections": MEMORY_CONNECTIONS,
                "idle_rss_mib": round(idle, 1), "after_rss_mib": round(after, 1), "peak_rss_mib": peak,
                "seconds": round(elapsed, 1), "statuses": statuses, "unexpected": unexpected}

    def _ceiling(self):
        process = subprocess.Popen([self.args.binary, "bench", "ceiling", "--addr", f"127.0.0.1:{self.port}"],
                                   env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_listening(self.port, process)
            return self._wrk("get", "/")
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait()

    def _refresh(self, server):
        sampler = RssSampler(server.process.pid)
        sampler.start()
        result = self._wrk("refresh", "/", file=self.sessions_file)
        result["rss_mib"] = sampler.stop()
        return result

    def _tokens_file(self):
        """Fresh JWTs for the first TOKEN_SESSIONS sessions, minted just before a run so
        they stay valid through it."""
        path = self.workdir / "tokens.tsv"
        lines = []
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        for line in self.sessions_file.read_text().splitlines()[:TOKEN_SESSIONS]:
            user_id, email, client_token, session_id = line.split("\t")
            connection.request("POST", f"/v1/client/sessions/{session_id}/tokens", body=b"",
                               headers={"Cookie": f"__client={client_token}"})
            response = connection.getresponse()
            body = json.loads(response.read())
            if response.status != 200:
                raise RuntimeError(f"minting a token failed: {response.status} {body}")
            lines.append(f"{line}\t{body['response']['jwt']}")
        connection.close()
        path.write_text("\n".join(lines) + "\n")
        return path

    def _verification(self):
        """The protected endpoint and its unprotected twin, alternated twice, so drift in
        the machine's load falls on both alike."""
        totals = {"bearer": [], "twin": []}
        for _ in range(2):
            for scenario in ("twin", "bearer"):
                totals[scenario].append(self._wrk(scenario, "/", file=self._tokens_file()))
        merged = {}
        for scenario, runs in totals.items():
            merged[scenario] = {
                "rps": round(sum(r["rps"] for r in runs) / len(runs), 1),
                "p50_ms": max(r["p50_ms"] for r in runs),
                "p99_ms": max(r["p99_ms"] for r in runs),
                "errors": sum(r["errors"] for r in runs),
                "runs": runs,
            }
        merged["ratio"] = round(merged["bearer"]["rps"] / merged["twin"]["rps"], 3)
        return merged

    def _sign_in(self):
        """Sign-ins from more connections than cores, so the hash pool never idles, while
        a paced refresh load (4 connections, 20 ms apart) measures what the rest waits.
        The hash is timed just before and just after, and the limit uses the mean of the
        two: other work on the machine moves it more than anything else does."""
        cores = os.cpu_count()
        quiet = self._paced_refresh(self.args.duration)
        holder = {}
        before = self._hash_timing()
        background = threading.Thread(
            target=lambda: holder.setdefault("refresh", self._paced_refresh(self.args.duration + 2)))
        background.start()
        time.sleep(1)
        sign_ins = self._wrk("sign_in", "/", connections=4 * cores, file=self.sessions_file)
        background.join()
        hash_timing = self._hash_timing()
        hash_timing["median_ms_before"] = before["median_ms"]
        hash_timing["median_ms_after"] = hash_timing["median_ms"]
        hash_timing["median_ms"] = (before["median_ms"] + hash_timing["median_ms"]) / 2
        limit = cores / (hash_timing["median_ms"] / 1000)
        sign_ins.update({
            "limit_rps": round(limit, 2),
            "share_of_limit": round(sign_ins["rps"] / limit, 3),
            "refresh_alone": quiet,
            "refresh_during": holder["refresh"],
        })
        return hash_timing, sign_ins

    def _paced_refresh(self, duration):
        command = ["wrk", "-t", "1", "-c", "4", "-d", f"{duration}s", "--timeout", "10s",
                   "-s", "paced.lua", f"http://127.0.0.1:{self.port}/", "--", "refresh",
                   str(self.sessions_file)]
        return self._run_wrk(command, {"BENCH_DELAY_MS": "20"})

    def _ssr(self):
        # What a browser sends; the page is compressed on the fly, as browsers see it.
        return self._wrk("get", "/sign-in", headers=["Accept-Encoding: gzip, deflate, br"])

    def _bundle(self):
        """Bytes on the wire for everything the hosted sign-in page needs before it is
        interactive: the HTML, then every stylesheet, script and WASM module it names."""
        status, _, body = request(self.port, "GET", "/sign-in", {"Accept-Encoding": "identity"})
        html = body.decode()
        assets = sorted(set(re.findall(r"""["'](/pkg/[^"'?#]+\.(?:js|wasm|css))["']""", html)))
        for path in list(assets):
            if path.endswith(".js"):
                _, _, script = request(self.port, "GET", path, {"Accept-Encoding": "identity"})
                base = path.rsplit("/", 1)[0]
                for imported in re.findall(r"""from\s+['"](\./[^'"]+)['"]""", script.decode()):
                    resolved = f"{base}/{imported[2:]}"
                    if resolved not in assets:
                        assets.append(resolved)
        result = {"assets": {}, "gzip_bytes": 0, "br_bytes": 0, "raw_bytes": 0}
        for path in ["/sign-in", *assets]:
            sizes = {}
            for encoding in ("gzip", "br", "identity"):
                status, headers, body = request(self.port, "GET", path, {"Accept-Encoding": encoding})
                if status != 200:
                    raise RuntimeError(f"{path}: {status}")
                sent = {k.lower(): v for k, v in headers.items()}.get("content-encoding", "identity")
                sizes[encoding] = len(body) if sent == encoding else None
            result["assets"][path] = sizes
            result["raw_bytes"] += sizes["identity"]
            result["gzip_bytes"] += sizes["gzip"] if sizes["gzip"] is not None else sizes["identity"]
            result["br_bytes"] += sizes["br"] if sizes["br"] is not None else sizes["identity"]
        # The check that the gzip figure is honest: the page's own HTML must decompress.
        gzip.decompress(request(self.port, "GET", "/sign-in", {"Accept-Encoding": "gzip"})[2])
        log(f"  bundle: {result['gzip_bytes'] / 1000:.0f} KB gzip, {result['br_bytes'] / 1000:.0f} KB br")
        return result

    def _count_log_errors(self):
        text = (self.workdir / "hallpass.log").read_text(errors="replace")
        return sum(1 for line in text.splitlines() if " ERROR " in line or "panicked" in line)


# --- the report


def render(report):
    machine = report["machine"]
    modes = report["modes"]
    lines = [
        "# Hallpass benchmarks",
        "",
        f"Run {report['date']} at commit `{report['commit']}` by `scripts/bench`. "
        f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory_gib']} GiB, "
        f"Linux {machine['kernel']}, {machine['wrk']}. Each load runs {report['settings']['duration_s']} s "
        f"from {report['settings']['connections']} wrk connections ({report['settings']['wrk_threads']} wrk "
        "thread) on the same machine, so wrk and Hallpass share the cores.",
        "",
        "Every throughput is also given as a share of the **ceiling**: a bare axum handler "
        "returning a constant, served by the same binary in the same run. Ratios stay "
        "comparable when other work on the machine slows everything down.",
        "",
    ]
    for mode, figures in modes.items():
        lines += render_mode(mode, figures, machine)
    notes = BENCH_DIR / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text().rstrip(), ""]
    return "\n".join(lines) + "\n"


def check(met):
    return "met" if met else "**missed**"


def render_mode(mode, f, machine):
    hash_timing = f["hash"]
    conditions = (f"{machine['cores']} cores, {machine['memory_gib']} GiB, argon2id "
                  f"m={hash_timing['m_cost_kib']} KiB t={hash_timing['t_cost']} p={hash_timing['p_cost']}, "
                  f"{'SQLite' if mode == 'sqlite' else 'PostgreSQL'}")
    ceiling = f["ceiling"]["rps"]

    def ratio(rps):
        return f"{rps / ceiling:.1%}"

    refresh, verification, sign_in, ssr = f["refresh"], f["verification"], f["sign_in"], f["ssr"]
    footprint, bundle, memory = f["footprint"], f["bundle"], f["sign_in_memory"]
    refresh_ratio = refresh["rps"] / ceiling
    during = sign_in["refresh_during"]
    rows = [
        ("1. Ceiling (bare axum handler)", f"{ceiling:,.0f} req/s, p99 {f['ceiling']['p99_ms']} ms", "100%", "", ""),
        ("2. Session refresh (`POST /v1/client/sessions/{id}/tokens`)",
         f"{refresh['rps']:,.0f} req/s, p50 {refresh['p50_ms']} ms, p99 {refresh['p99_ms']} ms, "
         f"{refresh['errors']} errors", ratio(refresh["rps"]),
         "≥ 30% of ceiling" if mode == "sqlite" else "(target on SQLite)",
         check(refresh_ratio >= TARGETS["refresh_ratio"]) if mode == "sqlite" else ""),
        ("3a. Protected `GET /api/journal/entries` (Bearer JWT)",
         f"{verification['bearer']['rps']:,.0f} req/s, p99 {verification['bearer']['p99_ms']} ms",
         ratio(verification["bearer"]["rps"]), "", ""),
        ("3b. Same work unprotected", f"{verification['twin']['rps']:,.0f} req/s, p99 {verification['twin']['p99_ms']} ms",
         ratio(verification["twin"]["rps"]), "", ""),
        ("3. Verification: protected ÷ unprotected", f"{verification['ratio']:.2f}", "", "≥ 0.90",
         check(verification["ratio"] >= TARGETS["verify_ratio"])),
        ("4. Sign-in throughput (`POST /v1/client/sign_ins`, password)",
         f"{sign_in['rps']:.1f} req/s = {sign_in['share_of_limit']:.0%} of the argon2 limit "
         f"({machine['cores']} cores ÷ {hash_timing['median_ms']:.1f} ms = {sign_in['limit_rps']:.1f}/s), "
         f"p99 {sign_in['p99_ms']} ms, {sign_in['errors']} errors",
         ratio(sign_in["rps"]), "≥ 80% of limit", check(sign_in["share_of_limit"] >= TARGETS["sign_in_share"])),
        ("4. Refresh p99 while sign-ins saturate the hash pool",
         f"{during['p99_ms']} ms (p50 {during['p50_ms']} ms, {during['rps']:.0f} req/s paced; "
         f"{sign_in['refresh_alone']['p99_ms']} ms with no sign-ins)", "", "< 50 ms",
         check(during["p99_ms"] < TARGETS["refresh_p99_ms"])),
        ("5. SSR: hosted `/sign-in` (gzip/br on the fly)",
         f"{ssr['rps']:,.0f} req/s, p50 {ssr['p50_ms']} ms, p99 {ssr['p99_ms']} ms", ratio(ssr["rps"]), "", ""),
        ("6. Idle RSS (`hallpass serve`, 2 s after ready)", f"{footprint['idle_rss_mib']} MiB", "", "< 40 MB",
         check(footprint["idle_rss_mib"] * 1.048576 < TARGETS["idle_rss_mib"])),
        ("6. Peak RSS under the refresh load", f"{refresh['rss_mib']} MiB", "", "", ""),
        (f"6. RSS after {memory['attempts']:,} unauthenticated sign-in attempts "
         f"({memory['connections']} at a time)",
         f"{memory['after_rss_mib']} MiB (idle {memory['idle_rss_mib']} MiB in the same run, "
         f"peak {memory['peak_rss_mib']} MiB; {memory['unexpected']} answers other than 422)", "",
         "< 100 MiB", check(memory["after_rss_mib"] < TARGETS["sign_in_rss_mib"])),
        ("6. Start to first `200` on `/readyz`",
         f"{footprint['ready_ms']:.0f} ms (median of 3: {', '.join(f'{r:.0f}' for r in footprint['ready_ms_all'])})",
         "", "< 1 s", check(footprint["ready_ms"] < TARGETS["ready_ms"])),
        ("7. Hosted sign-in page: HTML + JS + WASM + CSS",
         f"{bundle['gzip_bytes'] / 1000:.0f} KB gzip ({bundle['br_bytes'] / 1000:.0f} KB br, "
         f"{bundle['raw_bytes'] / 1000:.0f} KB raw) in {len(bundle['assets'])} files", "", "< 250 KB gzip",
         check(bundle["gzip_bytes"] / 1000 < TARGETS["bundle_kb"])),
    ]
    out = [
        f"## {'SQLite' if mode == 'sqlite' else 'PostgreSQL'}",
        "",
        f"Conditions for every figure below: **{conditions}**; {f['hash']['median_ms']:.1f} ms per hash "
        f"(medians of {hash_timing['rounds']} just before and after the sign-in load: "
        f"{hash_timing['median_ms_before']:.1f} and {hash_timing['median_ms_after']:.1f} ms); {len(f['verification']['bearer']['runs'])}× alternated "
        f"protected/unprotected runs over {TOKEN_SESSIONS} sessions' tokens; load average "
        f"{f['load_average']:.1f} when the run started; {f['server_errors_logged']} error lines in the server log.",
        "",
        "| figure | measured | ÷ ceiling | target | |",
        "| --- | --- | --- | --- | --- |",
    ]
    out += [f"| {' | '.join(row)} |" for row in rows]
    out.append("")
    return out


if __name__ == "__main__":
    main()
