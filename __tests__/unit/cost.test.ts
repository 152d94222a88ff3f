// The monthly cost of an environment (src/docs/cost.ts), read off its synthesized JSON: each line follows the
// resources, so a changed setting changes the figure, and a type without a price is said, not guessed.
import { environments } from '../../src/config/environments';
import { monthlyUsd, PRICES } from '../../src/config/prices';
import { monthlyCost } from '../../src/docs/cost';
import { settingsWith } from '../helpers/config';
import { synthEnvironment } from '../helpers/synth';

const names = Object.keys(environments);

describe('the monthly cost', () => {
  it.each(names)('of %s prices every NAT gateway and interface endpoint-AZ it synthesizes, and adds up', (name) => {
    const env = synthEnvironment(name);
    const { lines, total } = monthlyCost(env);
    const nat = env.ofType('aws_nat_gateway').length;
    expect(nat).toBeGreaterThan(0);
    expect(lines[0]?.usd).toBeCloseTo(nat * (monthlyUsd(PRICES.natGateway) ?? 0));
    expect(total).toBeCloseTo(lines.reduce((sum, line) => sum + (line?.usd ?? 0), 0));
    expect(total).toBeGreaterThan(100);
  });

  it('grows with the fleet and says which instance type it has no price for', () => {
    const base = monthlyCost(synthEnvironment('dev'));
    const bigger = monthlyCost(
      synthEnvironment('dev', settingsWith({ app: { capacity: { min: 3, desired: 3, max: 6 } } })),
    );
    const app = (cost: typeof base) => cost.lines.find((line) => line?.counted.includes('t3.medium'));
    expect(app(base)?.counted).toBe('2 × t3.medium');
    expect(app(bigger)?.counted).toBe('3 × t3.medium');
    expect(bigger.total - base.total).toBeCloseTo((monthlyUsd(PRICES.ec2T3Medium) ?? 0) + 30 * PRICES.ebsGp3.usd);
    const unpriced = monthlyCost(synthEnvironment('dev', settingsWith({ app: { instanceType: 'm7g.large' } })));
    expect(unpriced.lines.map((line) => line?.counted)).toContain('2 × m7g.large; no price for m7g.large');
  });
});
