// The resolved configuration the stacks are built from (every default applied, every value checked), gathered from
// the sections for the stacks and components to import; and the tiers, one stack each.
export type { EnvironmentConfig } from './environment';
export type { AccessConfig, BastionConfig } from './sections/access';
export type {
  AppConfig,
  ContainerImage,
  EcrRepository,
  ListenerConfig,
  LoadBalancerProtection,
  ScalingConfig,
} from './sections/app';
export type { BackendConfig } from './sections/backend';
export type { CiConfig } from './sections/ci';
export type { EnvironmentContext } from './sections/context';
export type { DatabaseConfig } from './sections/database';
export type { MachineImageConfig } from './sections/machine-image';
export type { MonitoringConfig } from './sections/monitoring';
export type { NetworkConfig, SubnetPlan } from './sections/network';
export type { SshKeyConfig } from './sections/ssh-key';

/** The tiers, one Terraform stack (and state file) each. */
export enum Tier {
  STATE = 'state',
  /** The roles CI plans and deploys with, and GitHub's OIDC provider: applied by an operator, never by CI. */
  CI = 'ci',
  NETWORK = 'network',
  ACCESS = 'access',
  DATA = 'data',
  /** The alert topic, its key, the network's and the database's alarms, the database's events: before app. */
  MONITORING = 'monitoring',
  APP = 'app',
}
