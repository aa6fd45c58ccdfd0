import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Serves a file of the built renderer; false when there is no such file (the caller answers 404). */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, headers: Record<string, string>): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (rel.includes('\0')) return false;
  const abs = path.join(root, path.normalize(rel === '/' ? '/index.html' : rel));
  if (!abs.startsWith(root + path.sep)) return false;
  let info;
  try {
    info = await stat(abs);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  const hashed = /[/\\]assets[/\\]/.test(abs);
  res.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[path.extname(abs).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    // Vite puts content-hashed names under assets/: cache them for good; never cache the page.
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(abs).pipe(res);
  return true;
}
