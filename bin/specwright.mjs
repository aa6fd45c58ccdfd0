#!/usr/bin/env node
// Entry point for `npx specwright` and `npm start`. In a source checkout the build is
// refreshed first when sources changed; an installed package ships dist/ prebuilt.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(path.join(root, 'scripts', 'build.mjs')) && existsSync(path.join(root, 'renderer'))) {
  const { buildIfStale } = await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href);
  await buildIfStale({ quiet: true });
}
const { main } = await import(pathToFileURL(path.join(root, 'dist', 'host', 'cli.mjs')).href);
await main();
