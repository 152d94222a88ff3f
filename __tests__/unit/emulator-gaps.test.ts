// CONTRIBUTING.md lists the emulator work-arounds of scripts/emulator/moto_server.py, each with its reason.
import { emulatorGaps } from '../../src/local-deploy/emulator';
import { expectDocPart } from '../helpers/docs';

const GAPS_PART = {
  file: 'CONTRIBUTING.md',
  start: '<!-- emulator gaps: generated from scripts/emulator/moto_server.py --list -->',
  end: '<!-- end of emulator gaps -->',
  update: 'UPDATE_DOCS=1 npx jest __tests__/unit/emulator-gaps.test.ts',
};

it('CONTRIBUTING.md lists every emulator work-around with its reason', async () => {
  const gaps = await emulatorGaps();
  expect(gaps.length).toBeGreaterThan(0);
  expectDocPart(
    GAPS_PART,
    ['| work-around | why |', '|---|---|', ...gaps.map((g) => `| \`${g.id}\` | ${g.reason} |`)].join('\n'),
  );
});
