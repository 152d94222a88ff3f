// The project's root directory (the one holding cdktf.json), found from wherever this code runs: the TypeScript
// sources, the synth bundle in .build/, or a test.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdktf.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no cdktf.json above ${from}`);
  }
}
