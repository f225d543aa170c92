// Serves the reference frontend: `npm start` (PORT, default 4321; HOST, default 127.0.0.1).
import { createServer } from 'node:http';
import { createApp } from './app.js';

const app = createApp();
const port = Number(process.env.PORT || 4321);
const host = process.env.HOST || '127.0.0.1';
const server = createServer((req, res) => { app.handle(req, res); });
server.listen(port, host, () => {
  console.log(`Reference frontend: http://${host}:${server.address().port}/ (API: ${app.config.apiUrl})`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
