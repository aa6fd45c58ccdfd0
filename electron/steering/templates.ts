// The foundation steering files offered by the steering panel: product.md, tech.md and
// structure.md, kept as Markdown in resources/steering-templates/ (copied beside the app
// when packaged).

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type SteeringTemplateId = 'product' | 'tech' | 'structure';

export const STEERING_TEMPLATES: { id: SteeringTemplateId; title: string; description: string }[] = [
  { id: 'product', title: 'Product', description: 'What the product is, who uses it, its key features and principles.' },
  { id: 'tech', title: 'Tech stack', description: 'Languages, frameworks, the commands to build, test and lint, conventions and constraints.' },
  { id: 'structure', title: 'Project structure', description: 'Where things live, where new code goes, naming and module boundaries.' },
];

/** `resources/steering-templates`: searched upwards from this code (sources, dist/host, dist/host/chunks), then the packaged app's resources. */
export function templatesDir(from = fileURLToPath(import.meta.url)): string | null {
  let dir = path.dirname(from);
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'resources', 'steering-templates');
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(path.join(packaged, 'steering-templates'))) return path.join(packaged, 'steering-templates');
  return null;
}

export async function readTemplate(id: SteeringTemplateId): Promise<string> {
  const dir = templatesDir();
  if (!dir) throw new Error('The steering templates are missing from this installation (resources/steering-templates).');
  return readFile(path.join(dir, `${id}.md`), 'utf8');
}
