// Deploys the release binary once for the whole run; see support/server.ts.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { startServer } from './support/server';

export default async function globalSetup() {
  const binary = resolve(process.env.E2E_BINARY ?? '../target/release/hallpass');
  // Every test signs up from 127.0.0.1: the per-address limits that stop a real attacker
  // would stop the suite. Everything else is the defaults.
  const server = await startServer(binary, {
    HALLPASS_SIGN_UPS_PER_MINUTE: '1000',
    HALLPASS_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
  });
  process.env.E2E_BINARY_PATH = binary;
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_DEPLOY_DIR = server.dir;
  process.env.E2E_DEPLOY_FILES = readdirSync(server.dir).join(',');
  return server.stop;
}
