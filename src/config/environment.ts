// One environment as a whole: the settings a user writes for it (the environment's own fields and a slot per
// section), its schema, and the resolved configuration the stacks are built from. Each section's settings, checks
// and defaults live in sections/<section>.ts; this file only puts them together.
import * as z from 'zod/mini';
import type { ConfigProblem } from './errors';
import { type AccessConfig, type AccessSettings, accessSchema } from './sections/access';
import { type AppConfig, type AppSettings, appSchema } from './sections/app';
import { type BackendSettings, backendSchema } from './sections/backend';
import { type CiConfig, type CiSettings, ciSchema } from './sections/ci';
import { type ContextSettings, contextSchema, type EnvironmentContext } from './sections/context';
import { type DatabaseConfig, type DatabaseSettings, databaseSchema } from './sections/database';
import { type MachineImageSettings, machineImageSchema } from './sections/machine-image';
import { type MonitoringConfig, type MonitoringSettings, monitoringSchema } from './sections/monitoring';
import { type NetworkConfig, type NetworkSettings, networkSchema } from './sections/network';

/** One environment: everything that differs between dev and prod is set here. */
export interface EnvironmentSettings extends ContextSettings {
  /**
   * The image of the bastion and the app instances.
   * @default - `{ amazonLinuxRelease: '2023.11.20260427.1' }`, pinned
   */
  readonly machineImage?: MachineImageSettings;
  readonly backend: BackendSettings;
  /** @default - see `NetworkSettings` */
  readonly network?: NetworkSettings;
  readonly access: AccessSettings;
  /** @default - see `DatabaseSettings` */
  readonly database?: DatabaseSettings;
  readonly app: AppSettings;
  /** @default - see `MonitoringSettings` */
  readonly monitoring?: MonitoringSettings;
  readonly ci: CiSettings;
}

/** The shape of a whole environment: zod checks types, required fields, ranges, enums and unknown keys first. */
export const environmentSchema = z.strictObject({
  ...contextSchema.shape,
  machineImage: z.optional(machineImageSchema),
  backend: backendSchema,
  network: z.optional(networkSchema),
  access: accessSchema,
  database: z.optional(databaseSchema),
  app: appSchema,
  monitoring: z.optional(monitoringSchema),
  ci: ciSchema,
});
// Each section checks its own fields against its interface; this line checks that no section is missing here.
true satisfies [keyof EnvironmentSettings] extends [keyof z.input<typeof environmentSchema>]
  ? [keyof z.input<typeof environmentSchema>] extends [keyof EnvironmentSettings]
    ? true
    : false
  : false;

/** A whole environment, ready to build stacks from. */
export interface EnvironmentConfig {
  readonly context: EnvironmentContext;
  readonly network: NetworkConfig;
  readonly access: AccessConfig;
  readonly database: DatabaseConfig;
  readonly app: AppConfig;
  readonly monitoring: MonitoringConfig;
  readonly ci: CiConfig;
  /** Soft problems: values that synthesize but are probably not what the user wants (example values, small types). */
  readonly warnings: readonly ConfigProblem[];
}
