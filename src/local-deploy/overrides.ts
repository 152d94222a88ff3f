// Terraform override files (`*_override.tf.json`) that point one synthesized stack at an AWS emulator: the
// provider's endpoints, the S3 backend and every terraform_remote_state read. Terraform merges them over the
// synthesized JSON in the stack's working copy, so nothing about the emulator reaches cdktf.out.

/** The synthesized JSON of a stack, as far as the overrides read it. */
export interface StackJson {
  readonly terraform?: { readonly backend?: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  readonly data?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly output?: Readonly<Record<string, { readonly value: unknown }>>;
}

/** The file name: Terraform reads `*_override.tf.json` after the other files of the directory. */
export const EMULATOR_OVERRIDE_FILE = 'emulator_override.tf.json';

/**
 * The provider's service endpoints that the stacks use (and a few they may use next), all sent to the emulator.
 * A service missing here would reach the real AWS endpoint and fail on the dummy credentials: loud, not wrong.
 */
const PROVIDER_SERVICES = [
  'acm',
  'autoscaling',
  'cloudwatch',
  'ec2',
  'ecr',
  'elb',
  'elbv2',
  'events',
  'iam',
  'kms',
  'logs',
  'rds',
  's3',
  'secretsmanager',
  'sns',
  'ssm',
  'sts',
  'wafv2',
] as const;

/** The emulator accepts any credentials; these say where they come from. */
const CREDENTIALS = { access_key: 'local-emulator', secret_key: 'local-emulator' } as const;

/** What the S3 backend and terraform_remote_state need to reach S3 on the emulator. */
function s3Settings(endpoint: string): Record<string, unknown> {
  return {
    ...CREDENTIALS,
    endpoints: { s3: endpoint, sts: endpoint, iam: endpoint },
    use_path_style: true,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
  };
}

export interface EmulatorOverrideOptions {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Where a stack with a local backend (the state stack) keeps its state file in this deployment. */
  readonly localStatePath: (stack: string) => string;
}

/**
 * The AWS provider's settings that send every call to the emulator. The credentials are validated, as in CI
 * (sts:GetCallerIdentity, which needs no permission): skipping that makes the provider look its account up with
 * iam:GetUser instead, a call no CI role makes.
 */
export function emulatorProviderSettings(endpoint: string): Record<string, unknown> {
  return {
    ...CREDENTIALS,
    endpoints: [Object.fromEntries(PROVIDER_SERVICES.map((service) => [service, endpoint]))],
    s3_use_path_style: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
  };
}

/** The override file for one stack: everything that reaches AWS goes to the emulator. */
export function emulatorOverride(
  stack: string,
  json: StackJson,
  options: EmulatorOverrideOptions,
): Record<string, unknown> {
  const { endpoint } = options;
  const override: Record<string, unknown> = { provider: { aws: emulatorProviderSettings(endpoint) } };
  const backend = json.terraform?.backend ?? {};
  if (backend.s3) {
    // A backend block in an override file replaces the original one whole, so it repeats bucket, key and the rest.
    override.terraform = { backend: { s3: { ...backend.s3, ...s3Settings(endpoint) } } };
  } else if (backend.local) {
    override.terraform = { backend: { local: { path: options.localStatePath(stack) } } };
  }
  const remoteStates = json.data?.terraform_remote_state ?? {};
  if (Object.keys(remoteStates).length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(
        Object.entries(remoteStates).map(([name, block]) => {
          if (block.backend !== 's3')
            throw new Error(
              `${stack}: remote state ${name} uses the ${String(block.backend)} backend; only s3 is pointed at the emulator`,
            );
          return [name, { config: { ...(block.config as Record<string, unknown>), ...s3Settings(endpoint) } }];
        }),
      ),
    };
  }
  return override;
}
