// `npm run diagram`: for each environment, synthesizes its stacks, draws the architecture from the Terraform
// JSON (src/diagram/dot.ts) and writes docs/architecture-<env>.dot and its SVG rendering. A unit test
// (__tests__/unit/diagram.test.ts) fails when the committed files differ from what this writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DIAGRAM_ENVIRONMENTS, diagramPaths, environmentDiagram, renderSvg } from '../src/diagram/generate';

// The bundle runs from .build/, one level below the project root, as this file does from scripts/.
const root = join(__dirname, '..');

async function main(): Promise<void> {
  for (const name of DIAGRAM_ENVIRONMENTS) {
    const dot = environmentDiagram(name);
    const svg = await renderSvg(dot);
    const paths = diagramPaths(name);
    mkdirSync(dirname(join(root, paths.dot)), { recursive: true });
    writeFileSync(join(root, paths.dot), dot);
    writeFileSync(join(root, paths.svg), svg);
    console.log(`${paths.dot}, ${paths.svg}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
