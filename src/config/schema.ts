// zod schemas for the shape of the settings: types, required fields, ranges, enums and unknown keys.
// What depends on several settings (CIDRs inside the VPC, defaults by kind) is checked in resolve/.
// zod/mini, not classic zod: same checks, but it loads in ~10 ms where classic zod takes ~140 ms of every synth.
import * as z from 'zod/mini';
import type {
  AccessSettings,
  AppSettings,
  BackendSettings,
  CiSettings,
  DatabaseSettings,
  EnvironmentSettings,
  MonitoringSettings,
  NetworkSettings,
} from './settings';
import {
  AccessMode,
  AccountResources,
  DatabaseEngine,
  DatabaseProtection,
  EnvironmentKind,
  EnvironmentLifecycle,
  NatGateways,
  ScalingMetric,
} from './settings';

const integer = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));
const port = integer(1, 65535);
const nonEmpty = z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty. Fix: set a value.' }));
const tags = z.record(z.string(), z.string());

export const backendSchema = z.strictObject({
  bucket: z.string(),
  region: z.optional(z.string()),
  keyPrefix: z.optional(z.string()),
  noncurrentVersionRetentionDays: z.optional(integer(1, 3650)),
  stateStackInBucket: z.optional(z.boolean()),
  breakGlassRoleArn: z.string(),
});

export const networkSchema = z.strictObject({
  vpcCidr: z.optional(z.string()),
  subnetPrefixLength: z.optional(integer(16, 28)),
  subnetCidrs: z.optional(
    z.strictObject({
      public: z.tuple([z.string(), z.string()]),
      private: z.tuple([z.string(), z.string()]),
    }),
  ),
  natGateways: z.optional(z.enum(NatGateways)),
  mapPublicIpOnLaunch: z.optional(z.boolean()),
  flowLogRetentionDays: z.optional(z.number().check(z.int())),
  interfaceEndpoints: z.optional(z.boolean()),
});

const sshKey = z.union([z.strictObject({ publicKey: z.string() }), z.strictObject({ existingKeyPairName: nonEmpty })], {
  error: 'must be { publicKey: "ssh-ed25519 AAAA..." } or { existingKeyPairName: "name" }. Fix: set one of them.',
});

export const accessSchema = z.strictObject({
  mode: z.optional(z.enum(AccessMode)),
  // Required with AccessMode.BASTION and refused without a bastion: checked in resolve/access.ts, which knows the mode.
  adminCidrs: z.optional(z.array(z.string())),
  sshKey: z.optional(sshKey),
  instanceType: z.optional(z.string()),
});

export const databaseSchema = z.strictObject({
  engine: z.optional(z.enum(DatabaseEngine)),
  engineVersion: z.optional(z.string()),
  instanceClass: z.optional(z.string()),
  allocatedStorageGiB: z.optional(integer(20, 65536)),
  maxAllocatedStorageGiB: z.optional(integer(20, 65536)),
  databaseName: z.optional(z.string()),
  masterUsername: z.optional(z.string()),
  port: z.optional(port),
  backupRetentionDays: z.optional(integer(7, 35)),
  multiAz: z.optional(z.boolean()),
  protection: z.optional(z.enum(DatabaseProtection)),
});

export const appSchema = z.strictObject({
  image: z.string(),
  port: z.optional(port),
  healthCheckPath: z.optional(z.string()),
  instanceType: z.optional(z.string()),
  rootVolumeGiB: z.optional(integer(8, 16384)),
  capacity: z.optional(
    z.strictObject({
      min: z.optional(integer(0, 100)),
      desired: z.optional(integer(0, 100)),
      max: z.optional(integer(1, 100)),
    }),
  ),
  scaling: z.optional(
    z.strictObject({
      metric: z.optional(z.enum(ScalingMetric)),
      target: z.optional(z.number()),
    }),
  ),
  certificateArn: z.optional(z.string()),
  sslPolicy: z.optional(z.string()),
  accessLogs: z.optional(z.boolean()),
  accessLogRetentionDays: z.optional(integer(1, 3650)),
  environment: z.optional(
    z.record(
      z.string().check(
        z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
          error: 'is not a valid variable name. Fix: use letters, digits and "_", not starting with a digit.',
        }),
      ),
      z.string(),
    ),
  ),
  sshKey: z.optional(sshKey),
  internetEgress: z.optional(z.boolean()),
  webAcl: z.optional(z.boolean()),
});

export const ciSchema = z.strictObject({
  repository: z.string(),
  repositoryId: z.string(),
  repositoryOwnerId: z.string(),
  branch: z.optional(z.string()),
});

/** A threshold: a number, its range checked in resolve/monitoring.ts, where the message can name the unit. */
const threshold = z.optional(z.number());

export const monitoringSchema = z.strictObject({
  alarmEmail: z.optional(z.string()),
  http5xxRatePercent: threshold,
  responseTimeP95Seconds: threshold,
  databaseCpuPercent: threshold,
  databaseFreeStorageGiB: threshold,
  databaseFreeableMemoryMiB: threshold,
  databaseConnections: threshold,
});

export const machineImageSchema = z.union(
  [
    z.strictObject({ amazonLinuxRelease: z.string() }),
    z.strictObject({ latestAmazonLinux: z.literal(true) }),
    z.strictObject({ amiId: z.string() }),
  ],
  {
    error:
      'must be { amazonLinuxRelease: "2023.11.20260427.1" }, { latestAmazonLinux: true } or { amiId: "ami-..." }. Fix: set one of them, or remove the setting for the pinned default.',
  },
);

export const environmentSchema = z.strictObject({
  kind: z.optional(z.enum(EnvironmentKind)),
  lifecycle: z.optional(z.enum(EnvironmentLifecycle)),
  project: z.string(),
  region: z.optional(z.string()),
  availabilityZones: z.optional(z.array(z.string())),
  tags: z.optional(tags),
  accountResources: z.optional(z.enum(AccountResources)),
  machineImage: z.optional(machineImageSchema),
  backend: backendSchema,
  network: z.optional(networkSchema),
  access: accessSchema,
  database: z.optional(databaseSchema),
  app: appSchema,
  monitoring: z.optional(monitoringSchema),
  ci: ciSchema,
});

// The hand-written settings interfaces carry the documentation; these lines keep them and the schemas in step.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
const inSync: [
  Same<Mutable<BackendSettings>, z.input<typeof backendSchema>>,
  Same<Mutable<NetworkSettings>, Mutable<z.input<typeof networkSchema>>>,
  Same<Mutable<DatabaseSettings>, z.input<typeof databaseSchema>>,
  Same<Mutable<AccessSettings>, z.input<typeof accessSchema>>,
  Same<Mutable<AppSettings>, z.input<typeof appSchema>>,
  Same<Mutable<MonitoringSettings>, z.input<typeof monitoringSchema>>,
  Same<Mutable<CiSettings>, z.input<typeof ciSchema>>,
  Same<keyof EnvironmentSettings, keyof z.input<typeof environmentSchema>>,
] = [true, true, true, true, true, true, true, true];
void inSync;
