// The README lists the emulator work-arounds of scripts/emulator/moto_server.py, each with its reason.
import { emulatorGaps } from '../../src/local-deploy/emulator';
import { expectReadmePart } from '../helpers/readme';

const GAPS_PART = {
  start: '<!-- emulator gaps: generated from scripts/emulator/moto_server.py --list -->',
  end: '<!-- end of emulator gaps -->',
  update: 'UPDATE_README=1 npx jest __tests__/unit/emulator-gaps.test.ts',
};

it('README.md lists every emulator work-around with its reason', async () => {
  const gaps = await emulatorGaps();
  expect(gaps.length).toBeGreaterThan(0);
  expectReadmePart(
    GAPS_PART,
    ['| work-around | why |', '|---|---|', ...gaps.map((g) => `| \`${g.id}\` | ${g.reason} |`)].join('\n'),
  );
});
