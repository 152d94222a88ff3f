// `npm run docs`: writes every generated document (src/docs/generate.ts: the configuration reference, the policy
// rules, the waivers) and the architecture diagrams. A unit test per file fails when the committed one differs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDiagrams } from '../src/diagram/generate';
import { GENERATED_DOCUMENTS } from '../src/docs/generate';

// The bundle runs from .build/, one level below the project root, as this file does from scripts/.
const root = join(__dirname, '..');

async function main(): Promise<void> {
  for (const document of GENERATED_DOCUMENTS) {
    writeFileSync(join(root, document.path), document.render(root));
    console.log(document.path);
  }
  for (const file of await writeDiagrams(root)) console.log(file);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
