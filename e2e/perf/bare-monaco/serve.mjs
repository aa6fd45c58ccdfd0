// Static server for the bare-Monaco page: the yardstick's own process, started like ours.
import { createReadStream, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';

const [root, file] = process.argv.slice(2);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/file') return res.end(readFileSync(file));
  const abs = path.join(root, url.pathname === '/' ? 'index.html' : url.pathname);
  if (!abs.startsWith(root)) return res.writeHead(404).end();
  res.setHeader('Content-Type', types[path.extname(abs)] ?? 'application/octet-stream');
  createReadStream(abs).on('error', () => res.writeHead(404).end()).pipe(res);
});
server.listen(0, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${server.address().port}/`));
