// The resolved configuration: every default applied, every value checked, subnet CIDRs computed.
import type { ConfigProblem } from './errors';
import type {
  AccessMode,
  AccountResources,
  DatabaseEngine,
  DatabaseProtection,
  EnvironmentKind,
  EnvironmentLifecycle,
  NatGateways,
  ScalingMetric,
} from './settings';

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

/** Where a stack's state lives. */
export interface BackendConfig {
  readonly bucket: string;
  readonly region: string;
  readonly keyPrefix: string;
  readonly noncurrentVersionRetentionDays: number;
  readonly stateStackInBucket: boolean;
  /** The one role that may delete state versions or change the bucket's protections. */
  readonly breakGlassRoleArn: string;
}

/** The image the instances boot, as the stacks look it up at plan time. */
export type MachineImageConfig =
  | { readonly kind: 'amazon-linux-release'; readonly release: string }
  | { readonly kind: 'latest-amazon-linux' }
  | { readonly kind: 'ami'; readonly amiId: string };

/** What every stack of an environment shares: identity, placement, tags, backend. */
export interface EnvironmentContext {
  readonly name: string;
  readonly kind: EnvironmentKind;
  readonly lifecycle: EnvironmentLifecycle;
  readonly project: string;
  readonly region: string;
  readonly availabilityZones: readonly [string, string];
  /** The user's tags plus Project, Environment and ManagedBy. */
  readonly tags: Readonly<Record<string, string>>;
  readonly machineImage: MachineImageConfig;
  readonly backend: BackendConfig;
  /** Whether the environment creates the account's one-per-account resources or uses another environment's. */
  readonly accountResources: AccountResources;
}

/** One subnet of the layout. */
export interface SubnetPlan {
  readonly availabilityZone: string;
  /** `A` for the first AZ, `B` for the second: part of construct IDs and names. */
  readonly zoneSuffix: 'A' | 'B';
  readonly cidr: string;
}

export interface NetworkConfig {
  readonly vpcCidr: string;
  readonly publicSubnets: readonly [SubnetPlan, SubnetPlan];
  readonly privateSubnets: readonly [SubnetPlan, SubnetPlan];
  readonly natGateways: NatGateways;
  readonly mapPublicIpOnLaunch: boolean;
  readonly flowLogRetentionDays: number;
  /** Interface endpoints for ECR, Secrets Manager, CloudWatch Logs and Session Manager in the private subnets. */
  readonly interfaceEndpoints: boolean;
}

export type SshKeyConfig =
  | { readonly kind: 'public-key'; readonly publicKey: string }
  | { readonly kind: 'existing'; readonly keyPairName: string };

/** The bastion host, in `AccessMode.BASTION`. */
export interface BastionConfig {
  /** IPv4 only: the VPC has no IPv6, so IPv6 admin blocks are refused. */
  readonly adminIpv4Cidrs: readonly string[];
  readonly sshKey: SshKeyConfig;
  readonly instanceType: string;
}

export interface AccessConfig {
  readonly mode: AccessMode;
  /** Present in `AccessMode.BASTION` only. */
  readonly bastion?: BastionConfig;
}

export interface DatabaseConfig {
  readonly engine: DatabaseEngine;
  readonly engineVersion: string;
  /** The parameter group family, e.g. `mysql8.0`, `postgres16`. */
  readonly parameterGroupFamily: string;
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly port: number;
  readonly backupRetentionDays: number;
  readonly multiAz: boolean;
  readonly protection: DatabaseProtection;
}

/** An image in Amazon ECR, which the instance role must be allowed to pull. */
export interface EcrRepository {
  readonly accountId: string;
  readonly region: string;
  readonly repositoryName: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com` */
  readonly registry: string;
}

export interface ContainerImage {
  /** The reference as the user wrote it, which `docker run` takes. */
  readonly reference: string;
  /** Set when the image lives in ECR. */
  readonly ecr?: EcrRepository;
}

export type ListenerConfig =
  | { readonly protocol: 'HTTPS'; readonly certificateArn: string; readonly sslPolicy: string }
  | { readonly protocol: 'HTTP' };

/** The target-tracking scaling policy. */
export interface ScalingConfig {
  readonly metric: ScalingMetric;
  /** % CPU, or requests per instance per minute. */
  readonly target: number;
}

export interface AppConfig {
  readonly image: ContainerImage;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly instanceType: string;
  /** `x86_64` or `arm64`, from the instance type: picks the AMI. */
  readonly architecture: 'x86_64' | 'arm64';
  readonly rootVolumeGiB: number;
  readonly capacity: { readonly min: number; readonly desired: number; readonly max: number };
  readonly scaling: ScalingConfig;
  readonly listener: ListenerConfig;
  /** Days the load balancer's access logs are kept, or undefined when it writes none. */
  readonly accessLogRetentionDays?: number;
  readonly environment: Readonly<Record<string, string>>;
  /** The app instances' own key pair; none means EC2 Instance Connect or Session Manager. */
  readonly sshKey?: SshKeyConfig;
  /** HTTPS to any address on the internet, besides the VPC endpoints. */
  readonly internetEgress: boolean;
  /** A WAF web ACL on the load balancer. */
  readonly webAcl: boolean;
}

/** The GitHub repository and branch whose workflow plans and deploys the environment. */
export interface CiConfig {
  /** `owner/name` */
  readonly repository: string;
  /** The numeric IDs of the repository and its owner, as GitHub's tokens carry them. */
  readonly repositoryId: string;
  readonly repositoryOwnerId: string;
  readonly branch: string;
  /** The workflow file, relative to the repository root: the deploy role trusts only its jobs. */
  readonly workflowPath: string;
}

/** The alarms' thresholds and where they go. */
export interface MonitoringConfig {
  /** Subscribed to the alert topic, or undefined for no subscription. */
  readonly alarmEmail?: string;
  readonly http5xxRatePercent: number;
  readonly responseTimeP95Seconds: number;
  readonly databaseCpuPercent: number;
  readonly databaseFreeStorageGiB: number;
  readonly databaseFreeableMemoryMiB: number;
  readonly databaseConnections: number;
}

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
