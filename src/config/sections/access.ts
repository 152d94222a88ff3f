// The access section: how administrators reach the instances, a bastion for SSH or Session Manager only. Its input
// type, schema, resolved type, defaults and resolver.
import * as z from 'zod/mini';
import { INSTANCE_TYPE_PATTERN } from '../aws-rules';
import { isDocumentationRange, isWholeInternet, parseCidr, type Cidr } from '../cidr';
import type { ProblemList } from '../errors';
import type { InSync } from '../schema-helpers';
import { describeKey, resolveSshKey, type SshKeyConfig, type SshKeySettings, sshKeySchema } from './ssh-key';

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

/** How administrators get in: a bastion host for SSH, or Session Manager only. */
export interface AccessSettings {
  /**
   * A bastion for SSH, or no public host at all. Session Manager is on in both, its sessions logged to an
   * encrypted log group.
   * @cost with a bastion: its instance (`instanceType`) and its Elastic IP ({publicIpv4})
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
   * @cost t3.micro: {ec2T3Micro}
   * @default 't3.micro'
   */
  readonly instanceType?: string;
}

export const ACCESS_DEFAULTS = {
  mode: AccessMode.BASTION,
  instanceType: 't3.micro',
} as const;

export const accessSchema = z.strictObject({
  mode: z.optional(z.enum(AccessMode)),
  // Required with AccessMode.BASTION and refused without a bastion: checked by resolveAccess, which knows the mode.
  adminCidrs: z.optional(z.array(z.string())),
  sshKey: z.optional(sshKeySchema),
  instanceType: z.optional(z.string()),
});
true satisfies InSync<AccessSettings, typeof accessSchema>;

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

/** The widest admin block accepted: a /16 is already a whole organisation's range. */
export const MAX_ADMIN_PREFIX_LENGTH = 16;
/** What a malformed admin block most likely meant: one address, as a /32. */
const ADMIN_CIDR_HINT = { prefixLength: 32, example: 'a.b.c.d/32 (your own public IPv4 address)' };

export function resolveAccess(settings: AccessSettings, problems: ProblemList): AccessConfig {
  const mode = settings.mode ?? ACCESS_DEFAULTS.mode;
  if (mode === AccessMode.SESSION_MANAGER_ONLY) {
    const why =
      'there is no bastion with access.mode SESSION_MANAGER_ONLY: no host is public and no SSH port is open, administrators use Session Manager';
    if (settings.adminCidrs !== undefined)
      problems.add(
        'adminCidrs',
        settings.adminCidrs,
        `${why}. Fix: remove adminCidrs, or set mode: AccessMode.BASTION.`,
      );
    if (settings.sshKey !== undefined)
      problems.add(
        'sshKey',
        describeKey(settings.sshKey),
        `${why}. Fix: remove sshKey, or set mode: AccessMode.BASTION.`,
      );
    if (settings.instanceType !== undefined)
      problems.add(
        'instanceType',
        settings.instanceType,
        `${why}. Fix: remove instanceType, or set mode: AccessMode.BASTION.`,
      );
    return { mode };
  }
  return { mode, bastion: resolveBastion(settings, problems) };
}

function resolveBastion(settings: AccessSettings, problems: ProblemList): BastionConfig {
  // The same words as the required-setting hints (required-settings.ts): these two are required in bastion mode only.
  if (settings.adminCidrs === undefined) {
    problems.add(
      'adminCidrs',
      undefined,
      'required with access.mode BASTION (the default): the addresses that may SSH to the bastion. Fix: add adminCidrs: ["<your public IPv4 address>/32"] (`curl https://checkip.amazonaws.com` shows it), or set mode: AccessMode.SESSION_MANAGER_ONLY for no bastion at all.',
    );
  } else if (settings.adminCidrs.length === 0) {
    problems.add(
      'adminCidrs',
      settings.adminCidrs,
      'must list at least one administrator CIDR. Fix: add your own public address as "a.b.c.d/32".',
    );
  }
  if (settings.sshKey === undefined) {
    problems.add(
      'sshKey',
      undefined,
      'required with access.mode BASTION (the default): the key the bastion accepts. Fix: add sshKey: { publicKey: "<the line of your ~/.ssh/id_ed25519.pub>" }, or sshKey: { existingKeyPairName: "<an EC2 key pair in the region>" }.',
    );
  }
  const cidrs: string[] = [];
  (settings.adminCidrs ?? []).forEach((value, index) => {
    const setting = `adminCidrs.${index}`;
    const cidr = parseCidr(value, 'any', ADMIN_CIDR_HINT);
    // A block refused for its family or its size is refused for that even when it is also malformed: the repair
    // parseCidr would suggest ("198.50.0.0/15" for "198.51.0.0/15") would only be refused next.
    const written = typeof cidr === 'string' ? writtenBlock(value) : cidr;
    const problem = written ? adminCidrProblem(written) : undefined;
    if (problem || typeof cidr === 'string') {
      problems.add(setting, value, problem ?? String(cidr));
      return;
    }
    if (isDocumentationRange(cidr)) {
      problems.warn(
        setting,
        value,
        'is a documentation range (RFC 5737), an example value: nobody can reach the bastion from it. Set your own address before deploying.',
      );
    }
    cidrs.push(cidr.text);
  });
  const duplicates = cidrs.filter((text, index, all) => all.indexOf(text) !== index);
  if (duplicates.length > 0) {
    problems.add(
      'adminCidrs',
      settings.adminCidrs,
      `lists ${duplicates.join(', ')} more than once (AWS refuses duplicate rules). Fix: list each block once.`,
    );
  }
  const instanceType = settings.instanceType ?? ACCESS_DEFAULTS.instanceType;
  if (!INSTANCE_TYPE_PATTERN.test(instanceType)) {
    problems.add('instanceType', instanceType, 'is not an EC2 instance type. Fix: use a type such as "t3.micro".');
  }
  return {
    adminIpv4Cidrs: cidrs,
    sshKey: settings.sshKey
      ? resolveSshKey(settings.sshKey, problems.section('sshKey'))
      : { kind: 'existing', keyPairName: '' },
    instanceType,
  };
}

/** The family and prefix length of a value that does not parse, when it says them plainly. */
function writtenBlock(value: string): Pick<Cidr, 'version' | 'prefixLength'> | undefined {
  if (value.includes(':')) return { version: 6, prefixLength: 128 };
  const prefix = /\/(\d{1,2})$/.exec(value);
  return prefix && Number(prefix[1]) <= 32 ? { version: 4, prefixLength: Number(prefix[1]) } : undefined;
}

/**
 * Why an admin block may not open the bastion's SSH, or undefined when it may. Ranges wider than an
 * organisation's own (a /16 is 65,536 addresses) hand SSH to strangers: "0.0.0.0/1" is half the internet.
 */
function adminCidrProblem(cidr: Pick<Cidr, 'version' | 'prefixLength'>): string | undefined {
  const findYours = 'your own public IPv4 address as "a.b.c.d/32" (`curl https://checkip.amazonaws.com` shows it)';
  if (isWholeInternet(cidr)) {
    return `opens the bastion's SSH to the whole internet. Fix: list only the administrators' own addresses: ${findYours}.`;
  }
  // Neither the VPC nor the bastion has an IPv6 address: AWS would accept the rule, and it would never match.
  if (cidr.version === 6) {
    return `is an IPv6 block, but the VPC has no IPv6 (no IPv6 block, no IPv6 address on the bastion), so SSH from it can never arrive. Fix: use ${findYours}.`;
  }
  if (cidr.prefixLength < MAX_ADMIN_PREFIX_LENGTH) {
    return `opens the bastion's SSH to ${(2 ** (32 - cidr.prefixLength)).toLocaleString('en-US')} addresses; an admin block may be at most a /${MAX_ADMIN_PREFIX_LENGTH}. Fix: use ${findYours}, or your organisation's own block if it is /${MAX_ADMIN_PREFIX_LENGTH} or narrower.`;
  }
  return undefined;
}
