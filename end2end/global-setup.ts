// Deploys the release binary once for the whole run; see support/server.ts.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { startServer } from './support/server';

export default async function globalSetup() {
  const binary = resolve(process.env.E2E_BINARY ?? '../target/release/hallpass');
  const server = await startServer(binary);
  process.env.E2E_BINARY_PATH = binary;
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_DEPLOY_DIR = server.dir;
  process.env.E2E_DEPLOY_FILES = readdirSync(server.dir).join(',');
  return server.stop;
}
