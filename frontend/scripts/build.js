// `npm run build`: this site has no bundling step (plain ES modules on Node's own HTTP server); the build checks
// that every module loads, so that a syntax error fails here rather than at the first request.
import { readdirSync } from 'node:fs';

const dir = new URL('../src/', import.meta.url);
for (const name of readdirSync(dir).filter((n) => n.endsWith('.js') && n !== 'server.js')) {
  await import(new URL(name, dir));
}
console.log('Build OK: modules load.');
