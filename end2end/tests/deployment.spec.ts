import { expect, test } from '@playwright/test';

test('the release binary alone, in an empty directory, serves the page, its CSS and its WASM', async ({ request }) => {
  const files = (process.env.E2E_DEPLOY_FILES ?? '').split(',').filter((f) => !f.startsWith('hallpass.db'));
  expect(files).toEqual(['hallpass']);

  const page = await request.get('/');
  expect(page.status()).toBe(200);
  const html = await page.text();
  const css = html.match(/href="([^"]+\.css)"/)?.[1];
  const js = html.match(/modulepreload" href="([^"]+\.js)"/)?.[1];
  const wasm = html.match(/preload" href="([^"]+\.wasm)"/)?.[1];
  expect(css, 'the page links a stylesheet').toBeTruthy();
  expect(js, 'the page links its hydration script').toBeTruthy();
  expect(wasm, 'the page preloads its WASM').toBeTruthy();

  const stylesheet = await request.get(css!);
  expect(stylesheet.status()).toBe(200);
  expect(stylesheet.headers()['content-type']).toContain('text/css');
  expect(await stylesheet.text()).toContain('.text-indigo-600');

  const script = await request.get(js!);
  expect(script.status()).toBe(200);
  expect(script.headers()['content-type']).toContain('javascript');

  const module = await request.get(wasm!);
  expect(module.status()).toBe(200);
  expect(module.headers()['content-type']).toBe('application/wasm');
  expect(module.headers()['content-encoding'], 'the precompressed brotli copy').toBe('br');
  expect([...(await module.body()).subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
});

test('assets revalidate with their ETag', async ({ request }) => {
  const first = await request.get('/favicon.svg');
  expect(first.status()).toBe(200);
  const etag = first.headers()['etag'];
  expect(etag).toBeTruthy();

  const again = await request.get('/favicon.svg', { headers: { 'if-none-match': etag } });
  expect(again.status()).toBe(304);
});
