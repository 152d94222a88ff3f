// The changes operators make to a deployed environment, in the order the day-2 test applies them (each on top of
// the ones before), with the replacements of stateful resources each one is expected to cause.
import { NatGateways, type EnvironmentSettings } from '../../src/config/settings';

/** What a change may use that only exists once the emulator runs (a certificate its ACM issued). */
export interface ChangeContext {
  readonly certificateArn: string;
}

export interface Day2Change {
  /** The row of the table in docs/day-2.md. */
  readonly name: string;
  /** The setting it changes, as written in environments.ts. */
  readonly setting: string;
  readonly apply: (settings: EnvironmentSettings, context: ChangeContext) => EnvironmentSettings;
  /**
   * Stateful resources (see STATEFUL_TYPES) this change replaces by design, as `<stack>:<address>`: any other
   * replacement or deletion of one fails the test.
   */
  readonly replaces?: readonly string[];
  /**
   * Changes of the database instance wait for RDS (the provider polls for at least 80 s per modification): these
   * are planned one by one, then applied together in one run. Every other change is applied on its own.
   */
  readonly batch?: 'database';
}

/**
 * Resource types whose replacement or deletion loses something: data, an address on someone's allow-list, a key
 * someone holds, or history.
 */
export const STATEFUL_TYPES = [
  'aws_vpc',
  'aws_subnet',
  'aws_eip',
  'aws_nat_gateway',
  'aws_db_instance',
  'aws_db_subnet_group',
  'aws_s3_bucket',
  'aws_cloudwatch_log_group',
  'aws_key_pair',
] as const;

const SECOND_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHbOAj+6vXY8bXiNyoaQAHKhCLA8NM5T9ZR2C1mmK0QH rotated@example';
/** The app instances' own key: never the bastion's (its private half was thrown away). */
const APP_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIErIS+0zbVmSnS0QLU35H0dKZbSXhBv33sL2klz9Fvag app@example';

const app = (s: EnvironmentSettings, patch: Partial<EnvironmentSettings['app']>): EnvironmentSettings => ({
  ...s,
  app: { ...s.app, ...patch },
});
const access = (s: EnvironmentSettings, patch: Partial<EnvironmentSettings['access']>): EnvironmentSettings => ({
  ...s,
  access: { ...s.access, ...patch },
});
const network = (s: EnvironmentSettings, patch: NonNullable<EnvironmentSettings['network']>): EnvironmentSettings => ({
  ...s,
  network: { ...s.network, ...patch },
});
const database = (
  s: EnvironmentSettings,
  patch: NonNullable<EnvironmentSettings['database']>,
): EnvironmentSettings => ({ ...s, database: { ...s.database, ...patch } });

export const DAY2_CHANGES: readonly Day2Change[] = [
  {
    name: 'New image tag (a release)',
    setting: 'app.image',
    apply: (s) => app(s, { image: s.app.image.replace(/:[^:/]+$/, ':1.0.1') }),
  },
  { name: 'App instance type', setting: 'app.instanceType', apply: (s) => app(s, { instanceType: 't3.large' }) },
  { name: 'Capacity', setting: 'app.capacity', apply: (s) => app(s, { capacity: { min: 2, desired: 3, max: 4 } }) },
  { name: 'App port', setting: 'app.port', apply: (s) => app(s, { port: 9090 }) },
  { name: 'Health-check path', setting: 'app.healthCheckPath', apply: (s) => app(s, { healthCheckPath: '/livez' }) },
  {
    name: 'New app environment variable',
    setting: 'app.environment',
    apply: (s) => app(s, { environment: { ...s.app.environment, FEATURE_X: 'on' } }),
  },
  {
    name: 'Certificate added to an HTTP environment',
    setting: 'app.certificateArn',
    apply: (s, c) => app(s, { certificateArn: c.certificateArn }),
  },
  {
    name: 'Admin CIDR added',
    setting: 'access.adminCidrs',
    apply: (s) => access(s, { adminCidrs: [...(s.access.adminCidrs ?? []), '198.51.100.25/32'] }),
  },
  {
    name: 'Admin CIDR removed',
    setting: 'access.adminCidrs',
    apply: (s) => access(s, { adminCidrs: (s.access.adminCidrs ?? []).slice(1) }),
  },
  {
    name: 'New SSH key',
    setting: 'access.sshKey',
    apply: (s) => access(s, { sshKey: { publicKey: SECOND_KEY } }),
    replaces: ['access:aws_key_pair.BastionKeyPair'],
  },
  {
    name: 'NAT: single to one per AZ',
    setting: 'network.natGateways',
    apply: (s) => network(s, { natGateways: NatGateways.ONE_PER_AZ }),
  },
  {
    name: 'Flow log retention',
    setting: 'network.flowLogRetentionDays',
    apply: (s) => network(s, { flowLogRetentionDays: 90 }),
  },
  { name: 'A tag on every resource', setting: 'tags', apply: (s) => ({ ...s, tags: { ...s.tags, Team: 'platform' } }) },
  // Production's edge turned on in an environment that runs: endpoints and a web ACL are added, nothing is replaced.
  {
    name: 'Interface endpoints on',
    setting: 'network.interfaceEndpoints',
    apply: (s) => network(s, { interfaceEndpoints: true }),
  },
  { name: 'Web ACL on', setting: 'app.webAcl', apply: (s) => app(s, { webAcl: true }) },
  {
    name: "The app instances' own SSH key",
    setting: 'app.sshKey',
    apply: (s) => app(s, { sshKey: { publicKey: APP_KEY } }),
  },
  {
    name: 'Database instance class',
    setting: 'database.instanceClass',
    apply: (s) => database(s, { instanceClass: 'db.t3.small' }),
    batch: 'database',
  },
  {
    name: 'Database storage growth',
    setting: 'database.allocatedStorageGiB',
    apply: (s) => database(s, { allocatedStorageGiB: 30 }),
    batch: 'database',
  },
  {
    name: 'Backup retention',
    setting: 'database.backupRetentionDays',
    apply: (s) => database(s, { backupRetentionDays: 14 }),
    batch: 'database',
  },
  { name: 'Database port', setting: 'database.port', apply: (s) => database(s, { port: 3307 }), batch: 'database' },
];
