// Deploys the release binary the way the README says it deploys: the one file, copied
// into an empty directory and started there with no configuration but a port.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitUntilReady(url: string, deadline: number) {
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`hallpass did not become ready at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export default async function globalSetup() {
  const binary = resolve(process.env.E2E_BINARY ?? '../target/release/hallpass');
  const dir = mkdtempSync(join(tmpdir(), 'hallpass-e2e-'));
  copyFileSync(binary, join(dir, 'hallpass'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;

  const server = spawn(join(dir, 'hallpass'), ['serve', '--addr', `127.0.0.1:${port}`], {
    cwd: dir,
    // Nothing from the outer environment: the defaults alone must give a working site.
    // Warnings and errors still show; the per-request log would drown the test report.
    env: { PATH: '/usr/bin:/bin', HALLPASS_LOG: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  server.once('exit', () => (exited = true));
  await waitUntilReady(baseURL, Date.now() + 30_000);
  if (exited) throw new Error('hallpass exited during start-up');

  process.env.E2E_BASE_URL = baseURL;
  process.env.E2E_DEPLOY_DIR = dir;
  process.env.E2E_DEPLOY_FILES = readdirSync(dir).join(',');

  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => (exited ? r(null) : server.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  };
}
