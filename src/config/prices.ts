// The prices this project quotes, in one place: AWS's on-demand list prices that the configuration reference
// (docs/configuration.md), the settings' cost notes and the policy waivers' reasons print. Nothing else writes a
// figure: it formats one from here, so a price changes in one line.

/** Where the prices come from, and when they were read. */
export const PRICE_SOURCE = {
  region: 'ap-northeast-2',
  regionName: 'Asia Pacific (Seoul)',
  currency: 'USD',
  /**
   * Read from each service's pricing page (the `source` of each price) for this project's cost tables on 2026-11-24
   * and 2026-11-29, and not re-read since: on-demand, before tax, without the free tier. Check them before budgeting.
   */
  read: '2026-11-29',
} as const;

/** A month as AWS's monthly figures count it: 730 hours (8,760 a year over 12 months). */
export const HOURS_PER_MONTH = 730;

export interface Price {
  /** What is billed, in the words the documentation uses. */
  readonly item: string;
  /** US dollars per `per`. */
  readonly usd: number;
  readonly per: 'hour' | 'month' | 'GB' | 'GiB-month' | 'million requests';
  /** The pricing page the figure is read from. */
  readonly source: string;
}

const VPC = 'https://aws.amazon.com/vpc/pricing/';
const PRIVATELINK = 'https://aws.amazon.com/privatelink/pricing/';
const EC2 = 'https://aws.amazon.com/ec2/pricing/on-demand/';
const EBS = 'https://aws.amazon.com/ebs/pricing/';
const RDS = 'https://aws.amazon.com/rds/mysql/pricing/';
const ELB = 'https://aws.amazon.com/elasticloadbalancing/pricing/';
const SECRETS_MANAGER = 'https://aws.amazon.com/secrets-manager/pricing/';
const WAF = 'https://aws.amazon.com/waf/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';

/** The prices, by the name the cost notes use (`{natGateway}` in a setting's `@cost`). */
export const PRICES = {
  natGateway: { item: 'NAT gateway', usd: 0.059, per: 'hour', source: VPC },
  natGatewayData: { item: 'data processed by a NAT gateway', usd: 0.059, per: 'GB', source: VPC },
  publicIpv4: {
    item: 'public IPv4 address (Elastic IP, NAT gateway, load balancer)',
    usd: 0.005,
    per: 'hour',
    source: VPC,
  },
  loadBalancer: { item: 'Application Load Balancer', usd: 0.0225, per: 'hour', source: ELB },
  loadBalancerCapacityUnit: { item: 'load balancer capacity unit (LCU)', usd: 0.008, per: 'hour', source: ELB },
  interfaceEndpoint: { item: 'interface endpoint, per AZ', usd: 0.013, per: 'hour', source: PRIVATELINK },
  interfaceEndpointData: { item: 'data processed by an interface endpoint', usd: 0.01, per: 'GB', source: PRIVATELINK },
  ec2T3Micro: { item: 'EC2 t3.micro, Linux', usd: 0.013, per: 'hour', source: EC2 },
  ec2T3Medium: { item: 'EC2 t3.medium, Linux', usd: 0.052, per: 'hour', source: EC2 },
  ebsGp3: { item: 'EBS gp3 volume', usd: 0.0912, per: 'GiB-month', source: EBS },
  rdsT3Micro: { item: 'RDS db.t3.micro, single-AZ (multi-AZ: twice)', usd: 0.026, per: 'hour', source: RDS },
  rdsT3Small: { item: 'RDS db.t3.small, single-AZ (multi-AZ: twice)', usd: 0.052, per: 'hour', source: RDS },
  rdsGp3Storage: { item: 'RDS gp3 storage, single-AZ (multi-AZ: twice)', usd: 0.131, per: 'GiB-month', source: RDS },
  wafWebAcl: { item: 'AWS WAF web ACL', usd: 5, per: 'month', source: WAF },
  wafRule: { item: 'AWS WAF rule or managed rule group in a web ACL', usd: 1, per: 'month', source: WAF },
  wafRequests: { item: 'requests AWS WAF inspects', usd: 0.6, per: 'million requests', source: WAF },
  secret: { item: 'Secrets Manager secret', usd: 0.4, per: 'month', source: SECRETS_MANAGER },
  kmsKey: { item: 'KMS customer managed key', usd: 1, per: 'month', source: KMS },
  logsIngestion: {
    item: 'CloudWatch Logs ingestion (flow logs, app and WAF logs)',
    usd: 0.76,
    per: 'GB',
    source: CLOUDWATCH,
  },
  alarm: { item: 'CloudWatch alarm, standard resolution, per metric', usd: 0.1, per: 'month', source: CLOUDWATCH },
  dashboard: { item: 'CloudWatch dashboard', usd: 3, per: 'month', source: CLOUDWATCH },
} as const satisfies Readonly<Record<string, Price>>;

export type PriceName = keyof typeof PRICES;

/** A price by the month, in USD, for what is billed by the hour or the month; undefined for usage prices. */
export function monthlyUsd(price: Price): number | undefined {
  if (price.per === 'hour') return price.usd * HOURS_PER_MONTH;
  if (price.per === 'month') return price.usd;
  return undefined;
}

/** An amount as the documents round it: whole dollars from $10, cents below (`$133`, `$8`, `$9.49`, `$0.60`). */
export function formatUsd(amount: number): string {
  if (amount >= 10) return `$${Math.round(amount)}`;
  return Number.isInteger(amount) ? `$${amount}` : `$${amount.toFixed(2)}`;
}

/** A price as its page gives it, to its last digit: `$0.059 per hour`, `$0.60 per million requests`. */
export function formatUnitPrice(price: Price): string {
  const digits = Math.max(2, (String(price.usd).split('.')[1] ?? '').length);
  return `$${price.usd.toFixed(Number.isInteger(price.usd) ? 0 : digits)} per ${price.per}`;
}

/** What a price comes to, for a cost note: `~$43 a month` for what runs by the hour, the unit price otherwise. */
export function formatCost(price: Price): string {
  const monthly = monthlyUsd(price);
  return monthly === undefined ? formatUnitPrice(price) : `~${formatUsd(monthly)} a month`;
}
