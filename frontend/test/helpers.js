// Starts the Django API (demo content, temporary SQLite) and the frontend against it, on free ports.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRONTEND = fileURLToPath(new URL('..', import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${url}: the process ended (${child.exitCode}). ${logFile ? readLog(logFile) : ''}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms. ${logFile ? readLog(logFile) : ''}`);
}

function readLog(file) {
  try { return readFileSync(file, 'utf8').slice(-2000); } catch { return ''; }
}

export async function startStack({ webhookSecret }) {
  const dir = mkdtempSync(join(tmpdir(), 'cms-frontend-test-'));
  const apiPort = await freePort();
  // Its own process group (detached), so that stopping it stops whatever step of the script is running.
  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const api = spawn(join(FRONTEND, 'scripts/test-server.sh'), [String(apiPort), dir], {
    stdio: 'ignore',
    detached: true,
    // The API's task worker delivers the article events to the frontend's webhook, signed with this secret.
    // The admin's Preview links lead to this site's preview page.
    env: {
      ...process.env,
      WEBHOOK_URL: `${webUrl}/api/revalidate`,
      WEBHOOK_SECRET: webhookSecret,
      PREVIEW_URL_TEMPLATE: `${webUrl}/preview/{token}`,
    },
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const children = [api];
  // If the test process ends without stop() (an interrupted run), the servers end with it.
  const onExit = () => {
    for (const child of children) {
      try { if (child === api) process.kill(-api.pid, 'SIGTERM'); else child.kill('SIGTERM'); } catch { /* gone */ }
    }
  };
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    for (const child of children) {
      if (child.exitCode === null) {
        const ended = new Promise((r) => child.once('exit', r));
        if (child === api) {
          try { process.kill(-api.pid, 'SIGTERM'); } catch { /* already gone */ }
        } else {
          child.kill('SIGTERM');
        }
        await Promise.race([ended, new Promise((r) => setTimeout(r, 3000))]);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${apiUrl}/healthz`, api, join(dir, 'server.log'), 90000);
    const web = spawn(process.execPath, [join(FRONTEND, 'src/server.js')], {
      stdio: 'ignore',
      env: {
        ...process.env, CMS_API_URL: apiUrl, PORT: String(webPort), HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${webPort}`, CMS_WEBHOOK_SECRET: webhookSecret,
        LIST_PAGE_SIZE: '2', // the demo's three English articles make two pages
      },
    });
    children.unshift(web);
    await waitFor(`${webUrl}/healthz`, web, null, 15000);
    return { apiUrl, webUrl, dir, publisherToken: readFileSync(join(dir, 'publisher-token'), 'utf8').trim(),
      adminToken: readFileSync(join(dir, 'admin-token'), 'utf8').trim(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
