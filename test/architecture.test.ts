/**
 * ARCHITECTURE.md stays true: it names every folder of `src/`, and every file it names exists (in the
 * folder of its row, as a path below `src/`, or below the project).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');

/** The table's rows: `src/<folder>/` (or `src/<file>`) and what the row says. */
const rows = [...text.matchAll(/^\| `src\/([^`]+)` \| (.*) \|$/gm)].map(([, place, says]) => ({ place: place as string, says: says as string }));

describe('ARCHITECTURE.md', () => {
  it('has a row for every folder of src/', () => {
    const folders = readdirSync(src).filter((name) => statSync(join(src, name)).isDirectory());
    const described = rows.map(({ place }) => place.replace(/\/$/, ''));
    expect(folders.filter((folder) => !described.includes(folder))).toEqual([]);
  });

  it('names only files that exist', () => {
    const missing: string[] = [];
    for (const { place, says } of rows) {
      const folder = place.endsWith('/') ? join(src, place) : src;
      for (const [, name] of says.matchAll(/`([\w./-]+\.ts)`/g)) {
        if (![folder, src, root].some((base) => existsSync(join(base, name as string)))) missing.push(`${place}: ${name}`);
      }
    }
    for (const [, path] of text.matchAll(/`(src\/[\w./-]+\.ts)`/g)) if (!existsSync(join(root, path as string))) missing.push(path as string);
    expect(missing).toEqual([]);
  });
});
