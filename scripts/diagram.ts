// `npm run diagram`: for each environment, synthesizes its stacks, draws the architecture from the Terraform
// JSON (src/diagram/dot.ts) and writes docs/architecture-<env>.dot and its SVG rendering. A unit test
// (__tests__/unit/diagram.test.ts) fails when the committed files differ from what this writes.
import { join } from 'node:path';
import { writeDiagrams } from '../src/diagram/generate';

// The bundle runs from .build/, one level below the project root, as this file does from scripts/.
const root = join(__dirname, '..');

writeDiagrams(root)
  .then((files) => {
    for (let i = 0; i < files.length; i += 2) console.log(`${files[i]}, ${files[i + 1]}`);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
