// The shape of an environment as a user writes it in environments.ts: every optional field documents its default.

/** What an environment is for. It picks safe defaults and decides which mistakes are errors. */
export enum EnvironmentKind {
  /** Real users and real data: HTTPS required, database protected from deletion, one NAT gateway per AZ. */
  PRODUCTION = 'production',
  /** Cheap and disposable: HTTP allowed without a certificate, single NAT gateway, single-AZ database. */
  DEVELOPMENT = 'development',
}

/** Where an environment is in its life. */
export enum EnvironmentLifecycle {
  /** In use: every protection of its kind is on. */
  ACTIVE = 'active',
  /**
   * Being taken down on purpose: set in a reviewed commit and deployed just before `cdktf destroy`. The database
   * loses its deletion protection and `prevent_destroy` but still leaves a final snapshot when it goes; the load
   * balancer loses its deletion protection; the access-log bucket may be deleted with its logs. Nothing else
   * changes, and the state bucket stays (README "Destroy").
   */
  DECOMMISSIONING = 'decommissioning',
}

/** How many NAT gateways give the private subnets their way out to the internet. */
export enum NatGateways {
  /**
   * One NAT gateway, in the first AZ's public subnet; both private subnets route through it.
   * Half the NAT cost, but an outage of the first AZ cuts the other AZ's egress.
   */
  SINGLE = 'single',
  /** One NAT gateway per AZ; each private subnet routes through the gateway in its own AZ. */
  ONE_PER_AZ = 'one-per-az',
}

/** How administrators reach the instances. */
export enum AccessMode {
  /**
   * The seed's layout: a bastion host in a public subnet with an Elastic IP, SSH from the admin CIDRs only, and on
   * through it to the app instances (EC2 Instance Connect, or the app's own key). Session Manager works besides.
   */
  BASTION = 'bastion',
  /**
   * No public host at all: no bastion, no Elastic IP, no SSH port open anywhere. Administrators use Session
   * Manager (shells and port forwarding, each session logged), authorized by IAM instead of a key.
   */
  SESSION_MANAGER_ONLY = 'session-manager-only',
}

/**
 * Who creates the resources AWS allows only once per account (and region): GitHub's OIDC identity provider (one
 * per URL in an account) and Session Manager's preferences (the `SSM-SessionManagerRunShell` document, one per
 * account and region, with the log group it names).
 */
export enum AccountResources {
  /** This environment creates them: it has its AWS account to itself (the layout this project recommends). */
  CREATE = 'create',
  /**
   * Another environment of the same project, in the same account and region, created them (with `CREATE`); this
   * one refers to them by name. Its Session Manager sessions are logged to that environment's log group.
   */
  SHARED = 'shared',
}

/** The RDS database engine. */
export enum DatabaseEngine {
  MYSQL = 'mysql',
  POSTGRES = 'postgres',
}

/** What stands between a careless change and the loss of the database. */
export enum DatabaseProtection {
  /**
   * RDS deletion protection on, a final snapshot on delete, and Terraform's `prevent_destroy`,
   * so neither `cdktf destroy` nor a change that forces a replacement can remove the instance.
   */
  PROTECTED = 'protected',
  /** None of the above: `cdktf destroy` deletes the database and its automated backups. */
  DISPOSABLE = 'disposable',
}

/** Where the Terraform state of the environment's stacks lives (the S3 backend). */
export interface BackendSettings {
  /**
   * The S3 bucket holding the state. The environment's `<env>-state` stack creates it.
   * Bucket names are global across AWS, so pick one nobody else has.
   */
  readonly bucket: string;
  /**
   * The bucket's region.
   * @default - the environment's region
   */
  readonly region?: string;
  /**
   * Prefix of every state key: a stack's state is `<keyPrefix>/<tier>.tfstate`.
   * @default - the environment's name
   */
  readonly keyPrefix?: string;
  /**
   * Days the bucket keeps a state file's older versions (its undo history) before deleting them.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Where the `<env>-state` stack, which creates the bucket, keeps its own state. `false` (a local file) until
   * the bucket exists; after the first deploy, set `true` and run `terraform init -migrate-state` in
   * `cdktf.out/stacks/<env>-state`, so that the bucket's own state lives in it too (README "Bootstrap").
   * @default false
   */
  readonly stateStackInBucket?: boolean;
  /**
   * The IAM role that alone may delete state versions or change how the bucket protects them: the bucket policy
   * denies `s3:DeleteObjectVersion`, `s3:PutBucketVersioning`, `s3:PutLifecycleConfiguration`,
   * `s3:PutBucketPolicy` (and the other settings of the bucket) to every other principal, deploy roles and
   * administrators included, and the state key's policy denies them disabling or deleting the key. Apply the
   * `<env>-state` stack with this role.
   * Required: a role ARN, `arn:aws:iam::<account>:role/<name>` (with its path, as an SSO role has one). If the role
   * is ever lost, the account's root user can still replace the bucket policy (README "Recover state").
   */
  readonly breakGlassRoleArn: string;
}

/** Explicit subnet blocks, for when the computed layout does not fit an existing address plan. */
export interface SubnetCidrSettings {
  /** The public subnets, in the order of `availabilityZones`. */
  readonly public: readonly [string, string];
  /** The private subnets, in the order of `availabilityZones`. */
  readonly private: readonly [string, string];
}

/** The VPC and everything in it that carries packets. */
export interface NetworkSettings {
  /**
   * The VPC's IPv4 block, /16 to /26: AWS accepts /16 to /28 for a VPC and a subnet, and the four subnets need at
   * least a /28 each, so the VPC must hold four of them.
   * @default '10.0.0.0/16'
   */
  readonly vpcCidr?: string;
  /**
   * Size of each computed subnet. The four subnets take the first four blocks of this size in the VPC,
   * in the order public A, public B, private A, private B.
   * @default - 24, or the VPC's prefix length + 2 for a VPC smaller than /22
   */
  readonly subnetPrefixLength?: number;
  /**
   * Explicit subnet blocks instead of the computed ones. They must lie inside the VPC and not overlap.
   * @default - computed from `vpcCidr` and `subnetPrefixLength`
   */
  readonly subnetCidrs?: SubnetCidrSettings;
  /**
   * NAT gateways for the private subnets' egress.
   * @default - `NatGateways.ONE_PER_AZ` in production, `NatGateways.SINGLE` in development
   */
  readonly natGateways?: NatGateways;
  /**
   * Whether instances launched in the public subnets get a public IPv4 address automatically.
   * Off because nothing here needs it: the bastion and the NAT gateways carry Elastic IPs and the ALB
   * gets its addresses from AWS. Turned on, any instance someone later starts in a public subnet is
   * reachable from the internet, and every public IPv4 address is billed by the hour.
   * @default false
   */
  readonly mapPublicIpOnLaunch?: boolean;
  /**
   * Days CloudWatch keeps the VPC flow logs. One of the values CloudWatch Logs accepts.
   * @default - 365 in production, 30 in development
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Interface endpoints in the private subnets for everything the instances call: ECR (`ecr.api`, `ecr.dkr`),
   * Secrets Manager, CloudWatch Logs and Session Manager (`ssm`, `ssmmessages`, `ec2messages`). With them the
   * instances' HTTPS goes to the endpoints and to S3 through its gateway endpoint (always there, free), not to the
   * internet (see `app.internetEgress`). About $9.50 a month per endpoint and AZ in ap-northeast-2: ~$133 for the
   * seven in two AZs, plus ~$0.01 per GB (README "Monthly cost").
   * @default - true in production, false in development
   */
  readonly interfaceEndpoints?: boolean;
}

/** An SSH public key (the bastion's, or the app instances'): the key material, or the name of a key pair that already exists. */
export type SshKeySettings =
  /**
   * An OpenSSH public key, the line of a .pub file: `ssh-ed25519 AAAA…`, or `ssh-rsa AAAA…` of 2048 bits or more.
   * EC2 imports these two types only, so ECDSA (`ecdsa-sha2-nistp256 AAAA…`) and DSA keys are refused.
   */
  | { readonly publicKey: string }
  /** The name of an EC2 key pair already in the environment's region. */
  | { readonly existingKeyPairName: string };

/** How administrators get in: a bastion host for SSH, or Session Manager only. */
export interface AccessSettings {
  /**
   * A bastion for SSH, or no public host at all. Session Manager is on in both, its sessions logged to an
   * encrypted log group.
   * @default AccessMode.BASTION
   */
  readonly mode?: AccessMode;
  /**
   * The administrators' public IPv4 addresses, as CIDR blocks, allowed to reach the bastion on SSH: your own
   * address as `a.b.c.d/32` (`curl https://checkip.amazonaws.com`), or an office range. Required, with no default.
   * Blocks broader than /16 are refused (`0.0.0.0/1` is half the internet), and so is IPv6: the VPC and the bastion
   * have no IPv6 addresses, so an IPv6 rule would never match. Required with `AccessMode.BASTION`; refused with
   * `SESSION_MANAGER_ONLY`, which opens no port to anyone.
   */
  readonly adminCidrs?: readonly string[];
  /**
   * The SSH key the bastion accepts, and only the bastion: the app instances take `app.sshKey`, or EC2 Instance
   * Connect. Required with `AccessMode.BASTION`; refused with `SESSION_MANAGER_ONLY`.
   */
  readonly sshKey?: SshKeySettings;
  /**
   * The bastion's instance type. It only forwards SSH, so the smallest burstable size is enough. Refused with
   * `SESSION_MANAGER_ONLY` (there is no bastion).
   * @default 't3.micro'
   */
  readonly instanceType?: string;
}

/** The RDS database. */
export interface DatabaseSettings {
  /** @default DatabaseEngine.MYSQL */
  readonly engine?: DatabaseEngine;
  /**
   * Major version; RDS applies minor versions automatically. MySQL 8.0 is accepted, with a warning: it left
   * RDS standard support on 2026-07-31 and now costs Extended Support fees.
   * @default - '8.4' for MySQL (the LTS release), '16' for PostgreSQL
   */
  readonly engineVersion?: string;
  /**
   * The instance class. Performance Insights is turned on wherever the engine and class offer it (every class but
   * MySQL's micro and small burstable ones), encrypted with a KMS key the data stack creates for it (~$1 a month,
   * `alias/<project>-<env>-db`); RDS cannot move Performance Insights to another key later.
   * @default 'db.t3.micro'
   */
  readonly instanceClass?: string;
  /** @default 20 */
  readonly allocatedStorageGiB?: number;
  /**
   * Upper bound for storage autoscaling; equal to `allocatedStorageGiB` turns autoscaling off.
   * @default - 100, or `allocatedStorageGiB` when that is larger
   */
  readonly maxAllocatedStorageGiB?: number;
  /** Name of the database created in the instance. @default 'app' */
  readonly databaseName?: string;
  /** The master user; its password is generated and kept by RDS in Secrets Manager. @default 'app' */
  readonly masterUsername?: string;
  /** @default - 3306 for MySQL, 5432 for PostgreSQL */
  readonly port?: number;
  /** Days of automated backups, 7 to 35. @default 7 */
  readonly backupRetentionDays?: number;
  /**
   * A standby in the second AZ with automatic failover.
   * @default - true in production, false in development
   */
  readonly multiAz?: boolean;
  /**
   * Guards against deleting the database by accident. Production refuses `DISPOSABLE`.
   * @default - `DatabaseProtection.PROTECTED` in production, `DatabaseProtection.DISPOSABLE` in development
   */
  readonly protection?: DatabaseProtection;
}

/** How many app instances the Auto Scaling group keeps. */
export interface CapacitySettings {
  /** @default 2 */
  readonly min?: number;
  /**
   * The number of instances the group starts with. After the group exists, the scaling policy owns the number
   * (Terraform ignores it, so a plan after a scale-out shows no change): change `min` to raise the floor.
   * @default 2
   */
  readonly desired?: number;
  /** @default 4 */
  readonly max?: number;
}

/** What the target-tracking scaling policy of the app instances follows. */
export enum ScalingMetric {
  /** The group's average CPU (`ASGAverageCPUUtilization`), in percent: needs no knowledge of the app. */
  CPU = 'cpu',
  /**
   * Requests per instance per minute through the load balancer (`ALBRequestCountPerTarget`): follows the traffic
   * itself, for an app whose capacity per instance is known from a load test.
   */
  REQUEST_COUNT_PER_TARGET = 'request-count-per-target',
}

/** The target-tracking scaling policy: it adds instances (up to `capacity.max`) when the metric is above the target. */
export interface ScalingSettings {
  /** @default ScalingMetric.CPU */
  readonly metric?: ScalingMetric;
  /**
   * The value the policy keeps the metric at: a CPU percentage (10 to 90), or requests per instance per minute
   * (1 to 100,000). Measure the second with a load test: it is what one instance serves with room to spare.
   * @default - 50 (% CPU), or 1000 (requests per instance per minute)
   */
  readonly target?: number;
}

/** The Spring Boot application: its container, its instances and its load balancer. */
export interface AppSettings {
  /**
   * The container image to run, as `docker run` takes it, pinned by digest
   * (`123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/api@sha256:<64 hex digits>`, optionally with its tag before
   * the `@`) or at least by tag (`.../api:1.4.2`). A tag can be moved to other code, and each instance pulls at its
   * own start, so production warns about a tag without a digest. An ECR image in the same account is pulled with
   * the instance role, which may read that one repository.
   */
  readonly image: string;
  /**
   * The port the container listens on. Not 22 (sshd holds it on the instances) and not `database.port`
   * (the two flows would share a port in every rule and log).
   * @default 8080
   */
  readonly port?: number;
  /**
   * The path the load balancer probes, on the app port. It must not depend on the database: Spring Boot's
   * `/actuator/health` includes the database by default, so a database failover would mark every instance unhealthy
   * and the Auto Scaling group would replace them all. `/actuator/health/liveness` (Spring Boot 2.3+, on by default
   * in containers; elsewhere set `management.endpoint.health.probes.enabled=true`) answers as long as the process
   * works. The instances also wait on it at start (README "Boot sequence").
   * @default '/actuator/health/liveness'
   */
  readonly healthCheckPath?: string;
  /**
   * The app instances' type. The hand-built original (docs/architecture.md) moved from t2.micro to t2.medium because 1 GiB could not hold
   * Spring Boot and the Docker daemon; t3.medium has 2 vCPUs and 4 GiB.
   * @default 't3.medium'
   */
  readonly instanceType?: string;
  /** Root volume size; images and container logs live there. @default 30 */
  readonly rootVolumeGiB?: number;
  /** @default - min 2, desired 2, max 4 */
  readonly capacity?: CapacitySettings;
  /** @default - CPU at 50 % (see `ScalingSettings`) */
  readonly scaling?: ScalingSettings;
  /**
   * ACM certificate for HTTPS on the load balancer, in the environment's region. Without it the load balancer
   * serves plain HTTP, which production refuses.
   * @default - none: HTTP only (development only)
   */
  readonly certificateArn?: string;
  /**
   * The HTTPS listener's security policy.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' (TLS 1.3, and TLS 1.2 for older clients)
   */
  readonly sslPolicy?: string;
  /**
   * The load balancer writes a line per request to an S3 bucket of this stack (versioned, SSE-S3, private,
   * TLS-only): the record of who called what, for incidents.
   * @default - true in production, false in development
   */
  readonly accessLogs?: boolean;
  /** Days the access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /**
   * Extra environment variables for the container. Not for secrets: they end up in the launch template.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The app instances' own SSH key pair, never the bastion's (`access.sshKey`), so that one leaked key does not open
   * both. Refused with `AccessMode.SESSION_MANAGER_ONLY`, which has no SSH path to the instances.
   * @default - none: no key on the app instances; SSH through the bastion with EC2 Instance Connect (a key pushed
   * for 60 seconds per connection, authorized by IAM), or Session Manager
   */
  readonly sshKey?: SshKeySettings;
  /**
   * HTTPS from the app instances to any address on the internet (through the NAT gateway). Needed with
   * `network.interfaceEndpoints` on only for an image outside Amazon ECR of the environment's region (Docker Hub,
   * ghcr.io, another region) or for the application's own calls out.
   * @default - false when `network.interfaceEndpoints` is on (the endpoints and S3 carry everything the instances
   * need), true when it is off (the internet is then the only way to ECR, Secrets Manager and CloudWatch)
   */
  readonly internetEgress?: boolean;
  /**
   * An AWS WAF web ACL in front of the load balancer, with AWS's managed rule groups for common exploits
   * (AWSManagedRulesCommonRuleSet), known bad inputs (AWSManagedRulesKnownBadInputsRuleSet, Log4Shell among them)
   * and addresses with a bad reputation (AWSManagedRulesAmazonIpReputationList), logging blocked and allowed
   * requests (Authorization and Cookie headers redacted) to `aws-waf-logs-<project>-<env>`. ~$8 a month plus
   * $0.60 per million requests.
   * @default - true in production, false in development
   */
  readonly webAcl?: boolean;
}

/** The GitHub repository whose workflow (.github/workflows/infrastructure.yml) plans and deploys the environment. */
export interface CiSettings {
  /**
   * `owner/name`, exactly as GitHub spells it (IAM compares case-sensitively). Only this repository's workflow may
   * assume the environment's roles: tokens of any other repository, forks included, are refused.
   */
  readonly repository: string;
  /**
   * The repository's numeric ID (`gh api repos/<owner>/<name> --jq .id`). The roles match it in the token's
   * `repository_id` claim besides the name: a repository deleted and re-created under the same name, or a renamed
   * one whose old name someone else took, gets another ID.
   */
  readonly repositoryId: string;
  /** The owner's numeric ID (`gh api users/<owner> --jq .id`), matched in the token's `repository_owner_id` claim. */
  readonly repositoryOwnerId: string;
  /**
   * The protected branch whose pushes deploy. The deploy role accepts a job only when it runs the infrastructure
   * workflow of this branch, in the GitHub environment named after the environment; pull requests get the
   * read-only plan role. A branch name, not a pattern.
   * @default 'main'
   */
  readonly branch?: string;
}

/**
 * The alarms of the environment and where they go (the `<env>-monitoring` and `<env>-app` stacks). Every alarm and
 * event notifies one SNS topic per environment, `<project>-<env>-alerts`, encrypted with a KMS key of its own.
 */
export interface MonitoringSettings {
  /**
   * The address that receives the alerts (an email subscription of the topic, which AWS asks the address to
   * confirm). Without it the alarms still change state and show on the dashboard, but nobody is told: production
   * warns. Other subscribers (a chat webhook, a pager) can subscribe to the topic outside this code.
   * @default - none: no subscription
   */
  readonly alarmEmail?: string;
  /** Alarm when 5xx responses (the load balancer's and the app's) exceed this share of requests, in percent, in 3 of 5 minutes. @default 1 */
  readonly http5xxRatePercent?: number;
  /** Alarm when the 95th percentile of the app's response time exceeds this, in seconds, in 3 of 5 minutes. @default 1 */
  readonly responseTimeP95Seconds?: number;
  /** Alarm when the database's CPU exceeds this percentage for 10 minutes. @default 80 */
  readonly databaseCpuPercent?: number;
  /**
   * Alarm when the database's free storage falls below this, in GiB. Storage autoscaling grows the volume when
   * less than 10 % is free, so this fires when autoscaling has reached `maxAllocatedStorageGiB` or cannot keep up.
   * @default 2
   */
  readonly databaseFreeStorageGiB?: number;
  /** Alarm when the database's freeable memory falls below this, in MiB, for 10 minutes. @default 100 */
  readonly databaseFreeableMemoryMiB?: number;
  /**
   * Alarm when the database has more connections than this for 5 minutes. The app's connection pool (HikariCP)
   * opens 10 per instance by default, so more than that times `app.capacity.max` is a leak or another client.
   * @default - 10 per instance at `app.capacity.max`, plus 10 (for the operators)
   */
  readonly databaseConnections?: number;
}

/**
 * The operating system image of the bastion and the app instances: Amazon Linux 2023, looked up when Terraform
 * plans, so the image an instance boots is the one the plan showed. A new image arrives as a planned change of the
 * launch templates and rolls out like any other change, never at a random scale-out.
 */
export type MachineImageSettings =
  /**
   * A release of Amazon Linux 2023 (`2023.11.20260427.1`), found by its AMI name, which is the same in every region.
   * The default pins one; raise it to roll out a newer release.
   */
  | { readonly amazonLinuxRelease: string }
  /** The newest Amazon Linux 2023, read from AWS's public SSM parameter at every plan: each new release shows up in a plan. */
  | { readonly latestAmazonLinux: true }
  /** An image of your own (a hardened "golden" AMI built from Amazon Linux 2023), by its ID in the environment's region. */
  | { readonly amiId: string };

/** One environment: everything that differs between dev and prod is set here. */
export interface EnvironmentSettings {
  /** @default EnvironmentKind.PRODUCTION (the safe side: forgetting it costs money, not data) */
  readonly kind?: EnvironmentKind;
  /**
   * `DECOMMISSIONING` lifts the protections against destroying the environment, and only those.
   * @default EnvironmentLifecycle.ACTIVE
   */
  readonly lifecycle?: EnvironmentLifecycle;
  /** Short project name, the first part of every resource name: lowercase letters, digits and hyphens. */
  readonly project: string;
  /** @default 'ap-northeast-2' (Seoul) */
  readonly region?: string;
  /**
   * The two availability zones, in the order the A and B subnets use them. Checked against the region's real zone
   * names (`AVAILABILITY_ZONES` in src/config/aws-rules.ts: ap-northeast-2 has a, b, c and d); in a region without
   * zone data there, only the form (the region and one letter) is checked.
   * @default ['ap-northeast-2a', 'ap-northeast-2c'] (in ap-northeast-2; any other region must name its own)
   */
  readonly availabilityZones?: readonly [string, string];
  /**
   * Tags on every resource, next to `Project`, `Environment` and `ManagedBy`, which are always set.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Whether this environment creates the account's one-per-account resources (GitHub's OIDC provider, Session
   * Manager's preferences), or another environment in the same account and region did.
   * @default AccountResources.CREATE
   */
  readonly accountResources?: AccountResources;
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
