// What a user writes in environments.ts: the settings' types and enums, gathered from their sections. Each setting
// is documented, with its default, where it is declared: sections/<section>.ts; every setting, its default by kind
// and its cost are listed in docs/configuration.md (generated from those comments by `npm run docs`).
export { EnvironmentKind, EnvironmentLifecycle } from './enums';
export type { EnvironmentSettings } from './environment';
export { AccessMode, type AccessSettings } from './sections/access';
export { type AppSettings, type CapacitySettings, ScalingMetric, type ScalingSettings } from './sections/app';
export type { BackendSettings } from './sections/backend';
export type { CiSettings } from './sections/ci';
export { AccountResources, type ContextSettings } from './sections/context';
export { DatabaseEngine, DatabaseProtection, type DatabaseSettings } from './sections/database';
export type { MachineImageSettings } from './sections/machine-image';
export type { MonitoringSettings } from './sections/monitoring';
export { NatGateways, type NetworkSettings, type SubnetCidrSettings } from './sections/network';
export type { SshKeySettings } from './sections/ssh-key';
