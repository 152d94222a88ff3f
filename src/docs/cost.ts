// docs/cost.md: what each configured environment costs a month, read off its synthesized JSON (how many NAT gateways,
// instances of which type, endpoints in how many AZs...) and priced from src/config/prices.ts, so a changed setting,
// a new resource or a new price shows in the table without anyone re-adding it by hand.
import { join } from 'node:path';
import { environments } from '../config/environments';
import {
  formatUnitPrice,
  formatUsd,
  HOURS_PER_MONTH,
  monthlyUsd,
  PRICE_SOURCE,
  PRICES,
  type Price,
} from '../config/prices';
import { loadEnvironments } from '../config/resolve';
import type { EnvironmentJson, ResourceView } from '../policy/terraform-json';
import { synthesizeEnvironment } from '../synthesize';
import { code, generatedHeader, table } from './markdown';

export const COST_DOC = join('docs', 'cost.md');

/** One line of an environment's bill: dollars a month, and what was counted. */
export interface CostLine {
  readonly usd: number;
  readonly counted: string;
}

/** A row of the table: what is billed, how it is read off an environment, and the settings that drive it. */
interface CostItem {
  readonly item: string;
  readonly drivers: string;
  readonly cost: (env: EnvironmentJson) => CostLine | undefined;
}

const month = (price: Price) => monthlyUsd(price) ?? 0;
const count = (env: EnvironmentJson, type: string) => env.ofType(type).length;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const num = (value: unknown, fallback = 0) => (value === undefined ? fallback : Number(value));

/** EC2 and RDS hourly prices by type; a type missing here is shown as unpriced rather than guessed. */
const EC2_PRICES: Readonly<Record<string, Price>> = { 't3.micro': PRICES.ec2T3Micro, 't3.medium': PRICES.ec2T3Medium };
const RDS_PRICES: Readonly<Record<string, Price>> = {
  'db.t3.micro': PRICES.rdsT3Micro,
  'db.t3.small': PRICES.rdsT3Small,
};

/** Instances of named types: `2 × t3.medium`, priced where the type is in the table. */
function instances(types: readonly (readonly [type: string, n: number])[], prices: Readonly<Record<string, Price>>) {
  if (types.length === 0) return undefined;
  const unpriced = types.filter(([type]) => !prices[type]).map(([type]) => type);
  const usd = types.reduce((sum, [type, n]) => sum + n * (prices[type] ? month(prices[type]) : 0), 0);
  const counted = types.map(([type, n]) => `${n} × ${type}`).join(', ');
  return { usd, counted: unpriced.length ? `${counted}; no price for ${unpriced.join(', ')}` : counted };
}

/** The app fleets' desired instances, by the type their launch template names. */
function fleet(env: EnvironmentJson): [string, number][] {
  return env.ofType('aws_autoscaling_group').map((group) => {
    const template = env.referencedResource(group.stack, (group.config.launch_template as { id?: unknown })?.id);
    return [String(template?.config.instance_type ?? '?'), num(group.config.desired_capacity)];
  });
}

function templateVolumeGiB(template: ResourceView | undefined): number {
  const devices = list(template?.config.block_device_mappings) as { ebs?: { volume_size?: unknown } }[];
  return devices.reduce((sum, device) => sum + num(device.ebs?.volume_size), 0);
}

const ITEMS: readonly CostItem[] = [
  {
    item: 'NAT gateway hours',
    drivers: '`network.natGateways`; plus data through them',
    cost: (env) => ({
      usd: count(env, 'aws_nat_gateway') * month(PRICES.natGateway),
      counted: `${count(env, 'aws_nat_gateway')}`,
    }),
  },
  {
    item: 'load balancer (hours, one LCU)',
    drivers: 'one per environment; LCUs grow with traffic',
    cost: (env) => ({
      usd: count(env, 'aws_lb') * (month(PRICES.loadBalancer) + month(PRICES.loadBalancerCapacityUnit)),
      counted: `${count(env, 'aws_lb')}`,
    }),
  },
  {
    item: 'public IPv4 addresses',
    drivers: 'Elastic IPs (NAT gateways, bastion) and one per AZ of the internet-facing load balancer',
    cost: (env) => {
      const balancers = env.ofType('aws_lb').filter((lb) => lb.config.internal !== true);
      const n = count(env, 'aws_eip') + balancers.reduce((sum, lb) => sum + list(lb.config.subnets).length, 0);
      return { usd: n * month(PRICES.publicIpv4), counted: `${n}` };
    },
  },
  {
    item: 'app instances',
    drivers: '`app.capacity`, `app.instanceType`',
    cost: (env) => instances(fleet(env), EC2_PRICES),
  },
  {
    item: 'bastion',
    drivers: '`access.mode`, `access.instanceType`',
    cost: (env) =>
      instances(
        env.ofType('aws_instance').map((i) => [String(i.config.instance_type), 1] as const),
        EC2_PRICES,
      ),
  },
  {
    item: 'EBS (gp3)',
    drivers: '`app.rootVolumeGiB` per instance',
    cost: (env) => {
      const fleetGiB = env.ofType('aws_autoscaling_group').reduce((sum, group) => {
        const template = env.referencedResource(group.stack, (group.config.launch_template as { id?: unknown })?.id);
        return sum + num(group.config.desired_capacity) * templateVolumeGiB(template);
      }, 0);
      const rootGiB = env
        .ofType('aws_instance')
        .reduce((sum, i) => sum + num((i.config.root_block_device as { volume_size?: unknown })?.volume_size, 8), 0);
      const gib = fleetGiB + rootGiB;
      return { usd: gib * PRICES.ebsGp3.usd, counted: `${gib} GiB` };
    },
  },
  {
    item: 'RDS instance and storage',
    drivers: '`database.instanceClass`, `database.multiAz`, `database.allocatedStorageGiB`',
    cost: (env) => {
      const databases = env.ofType('aws_db_instance');
      if (databases.length === 0) return undefined;
      const copies = (db: ResourceView) => (db.config.multi_az === true ? 2 : 1);
      const compute = instances(
        databases.map((db) => [String(db.config.instance_class), copies(db)] as const),
        RDS_PRICES,
      );
      const gib = databases.reduce((sum, db) => sum + copies(db) * num(db.config.allocated_storage), 0);
      const multiAz = databases.some((db) => copies(db) === 2) ? ' (multi-AZ: 2 copies)' : '';
      return {
        usd: (compute?.usd ?? 0) + gib * PRICES.rdsGp3Storage.usd,
        counted: `${compute?.counted}${multiAz}, ${gib} GiB`,
      };
    },
  },
  {
    item: 'VPC interface endpoints',
    drivers:
      '`network.interfaceEndpoints`; plus data through them. They save NAT processing on image pulls and AWS calls',
    cost: (env) => {
      const endpoints = env.ofType('aws_vpc_endpoint').filter((e) => e.config.vpc_endpoint_type === 'Interface');
      if (endpoints.length === 0) return undefined;
      const azHours = endpoints.reduce((sum, e) => sum + list(e.config.subnet_ids).length, 0);
      return {
        usd: azHours * month(PRICES.interfaceEndpoint),
        counted: `${endpoints.length}, ${azHours} endpoint-AZs`,
      };
    },
  },
  {
    item: 'WAF web ACL',
    drivers: '`app.webAcl`; plus requests inspected',
    cost: (env) => {
      const acls = env.ofType('aws_wafv2_web_acl');
      if (acls.length === 0) return undefined;
      const rules = acls.reduce((sum, acl) => sum + list(acl.config.rule).length, 0);
      return {
        usd: acls.length * PRICES.wafWebAcl.usd + rules * PRICES.wafRule.usd,
        counted: `${acls.length}, ${rules} rules`,
      };
    },
  },
  {
    item: 'KMS keys',
    drivers: 'state, database, session logs, alerts; Performance Insights where it is on',
    cost: (env) => ({ usd: count(env, 'aws_kms_key') * PRICES.kmsKey.usd, counted: `${count(env, 'aws_kms_key')}` }),
  },
  {
    item: 'alarms and dashboard',
    drivers: 'per metric an alarm reads (a metric-math alarm counts each)',
    cost: (env) => {
      const metrics = env
        .ofType('aws_cloudwatch_metric_alarm')
        .reduce(
          (sum, alarm) =>
            sum + Math.max(1, list(alarm.config.metric_query).filter((q) => (q as { metric?: unknown }).metric).length),
          0,
        );
      const dashboards = count(env, 'aws_cloudwatch_dashboard');
      return {
        usd: metrics * PRICES.alarm.usd + dashboards * PRICES.dashboard.usd,
        counted: `${count(env, 'aws_cloudwatch_metric_alarm')} alarms (${metrics} metrics), ${dashboards} dashboard`,
      };
    },
  },
  {
    item: 'Secrets Manager',
    drivers: "the database's master secret (RDS manages it)",
    cost: (env) => {
      const n =
        count(env, 'aws_secretsmanager_secret') +
        env.ofType('aws_db_instance').filter((db) => db.config.manage_master_user_password === true).length;
      return { usd: n * PRICES.secret.usd, counted: `${n}` };
    },
  },
];

/** What an environment costs a month by item, and in all, as far as it is billed by the hour or the month. */
export function monthlyCost(env: EnvironmentJson): {
  readonly lines: (CostLine | undefined)[];
  readonly total: number;
} {
  const lines = ITEMS.map((item) => item.cost(env));
  return { lines, total: lines.reduce((sum, line) => sum + (line?.usd ?? 0), 0) };
}

const USAGE_PRICES: readonly Price[] = [
  PRICES.natGatewayData,
  PRICES.interfaceEndpointData,
  PRICES.wafRequests,
  PRICES.logsIngestion,
];

export function renderCostDoc(): string {
  const configs = loadEnvironments(environments);
  const names = configs.map((config) => config.context.name);
  const costs = configs.map((config) =>
    monthlyCost(synthesizeEnvironment(config, { continueOnErrorAnnotations: true })),
  );
  const cellOf = (line: CostLine | undefined) => (line ? `~${formatUsd(line.usd)} (${line.counted})` : '—');
  const rows = ITEMS.map((item, i) => [item.item, ...costs.map((cost) => cellOf(cost.lines[i])), item.drivers]);
  rows.push(['**total**', ...costs.map((cost) => `**~${formatUsd(cost.total)}**`), '']);
  return [
    generatedHeader('src/docs/cost.ts', "the environments' synthesized JSON and src/config/prices.ts"),
    '# Monthly cost',
    '',
    `What the environments of \`src/config/environments.ts\` (${names.join(', ')}) cost a month as configured, read off`,
    "their synthesized resources, what drives each item, and which settings lower it. Each setting's own cost is in",
    '[Configuration](configuration.md#prices).',
    '',
    `On-demand list prices in ${PRICE_SOURCE.regionName} (${PRICE_SOURCE.region}, ${PRICE_SOURCE.currency}, ${HOURS_PER_MONTH} hours a month, read`,
    `${PRICE_SOURCE.read}), with little traffic; check yours with the AWS Pricing Calculator for your region and traffic.`,
    '',
    table(['item', ...names, 'what drives it, what lowers it'], rows),
    '',
    'Billed by use, on top: ' +
      USAGE_PRICES.map((price) => `${price.item}, ${formatUnitPrice(price)}`).join('; ') +
      '.',
    `A type without a price in ${code('src/config/prices.ts')} is counted but not priced: add it there.`,
    '',
    'The biggest levers: the interface endpoints (where the instances reach AWS through NAT instead, they are not',
    'needed), NAT gateways (a single one, or none where nothing needs the internet), the number and size of app',
    'instances, and a multi-AZ database only where the downtime of an AZ outage is not acceptable.',
    '',
  ].join('\n');
}
