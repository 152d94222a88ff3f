// The machine-image setting: which operating system image the bastion and the app instances boot. Its input type,
// schema, resolved type, default and resolver.
import * as z from 'zod/mini';
import type { ProblemList } from '../errors';
import type { InSync } from '../schema-helpers';

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

/**
 * The Amazon Linux 2023 release instances boot unless an environment says otherwise. Raising it rolls the new
 * release out (a new launch template version, an instance refresh). Releases: `aws ec2 describe-images --owners
 * amazon --filters 'Name=name,Values=al2023-ami-2023.*-kernel-6.1-x86_64'`, or the AL2023 release notes.
 */
export const DEFAULT_AMAZON_LINUX_RELEASE = '2023.11.20260427.1';

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
true satisfies InSync<MachineImageSettings, typeof machineImageSchema>;

/** The image the instances boot, as the stacks look it up at plan time. */
export type MachineImageConfig =
  | { readonly kind: 'amazon-linux-release'; readonly release: string }
  | { readonly kind: 'latest-amazon-linux' }
  | { readonly kind: 'ami'; readonly amiId: string };

const AMAZON_LINUX_RELEASE_PATTERN = /^2023\.\d+\.\d{8}\.\d+$/;
const AMI_ID_PATTERN = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function resolveMachineImage(
  settings: MachineImageSettings | undefined,
  problems: ProblemList,
): MachineImageConfig {
  if (settings === undefined) return { kind: 'amazon-linux-release', release: DEFAULT_AMAZON_LINUX_RELEASE };
  if ('latestAmazonLinux' in settings) return { kind: 'latest-amazon-linux' };
  if ('amiId' in settings) {
    if (!AMI_ID_PATTERN.test(settings.amiId)) {
      problems.add(
        'amiId',
        settings.amiId,
        'is not an AMI ID. Fix: use the ID of an image in the environment\'s region, "ami-" and 17 hex digits (aws ec2 describe-images --owners self).',
      );
    }
    return { kind: 'ami', amiId: settings.amiId };
  }
  if (!AMAZON_LINUX_RELEASE_PATTERN.test(settings.amazonLinuxRelease)) {
    problems.add(
      'amazonLinuxRelease',
      settings.amazonLinuxRelease,
      `is not an Amazon Linux 2023 release. Fix: write the release as in the AMI names, e.g. "${DEFAULT_AMAZON_LINUX_RELEASE}" (from al2023-ami-${DEFAULT_AMAZON_LINUX_RELEASE}-kernel-6.1-x86_64).`,
    );
  }
  return { kind: 'amazon-linux-release', release: settings.amazonLinuxRelease };
}
