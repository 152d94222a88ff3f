// The price table (src/config/prices.ts): every figure has a source, and the formats round as the documents do.
import { formatCost, formatUnitPrice, formatUsd, monthlyUsd, PRICES } from '../../src/config/prices';
import { WEB_ACL_COST } from '../../src/stacks/app/load-balancer';
import { INTERFACE_ENDPOINT_SERVICES, INTERFACE_ENDPOINTS_COST } from '../../src/stacks/network/network-stack';

describe('the price table', () => {
  const prices = Object.entries(PRICES);

  it('gives each price a positive figure and the AWS pricing page it is read from', () => {
    expect(prices.length).toBeGreaterThan(0);
    for (const [name, price] of prices) {
      expect([name, price.usd > 0]).toEqual([name, true]);
      expect([name, price.source]).toEqual([
        name,
        expect.stringMatching(/^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/$/),
      ]);
    }
  });

  it('rounds to whole dollars from $10 and to cents below, and keeps a unit price to its last digit', () => {
    expect([formatUsd(132.86), formatUsd(43.07), formatUsd(8), formatUsd(9.49), formatUsd(0.6)]).toEqual([
      '$133',
      '$43',
      '$8',
      '$9.49',
      '$0.60',
    ]);
    expect(formatUnitPrice(PRICES.natGatewayData)).toBe('$0.059 per GB');
    expect(formatUnitPrice(PRICES.wafRequests)).toBe('$0.60 per million requests');
    expect(formatCost(PRICES.natGateway)).toBe('~$43 a month');
    expect(monthlyUsd(PRICES.logsIngestion)).toBeUndefined();
  });

  it('is where the waivers take their figures from: the endpoints in two AZs, the web ACL with its rule groups', () => {
    const endpoints = INTERFACE_ENDPOINT_SERVICES.length * 2 * PRICES.interfaceEndpoint.usd * 730;
    expect(INTERFACE_ENDPOINTS_COST).toBe(`~${formatUsd(endpoints)} a month`);
    expect(WEB_ACL_COST).toBe(
      `about ${formatUsd(PRICES.wafWebAcl.usd + 3 * PRICES.wafRule.usd)} a month plus $0.60 per million requests`,
    );
  });
});
