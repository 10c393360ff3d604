// Starts the release binary the way the README deploys it: the one file, copied into an
// empty directory and started there with no configuration but a port and `env`.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  url: string;
  dir: string;
  stop: () => Promise<void>;
}

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

async function waitUntilReady(url: string, process: ChildProcess, deadline: number) {
  for (;;) {
    if (process.exitCode !== null) throw new Error('hallpass exited during start-up');
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`hallpass did not become ready at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/// `binary` is copied into a fresh directory. Nothing from the outer environment reaches
/// it: the defaults plus `env` must give a working site. Warnings and errors still show.
export async function startServer(binary: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hallpass-e2e-'));
  copyFileSync(binary, join(dir, 'hallpass'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(join(dir, 'hallpass'), ['serve', '--addr', `127.0.0.1:${port}`], {
    cwd: dir,
    env: { PATH: '/usr/bin:/bin', HALLPASS_LOG: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitUntilReady(url, server, Date.now() + 30_000);
  return {
    url,
    dir,
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
