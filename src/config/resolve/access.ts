// Resolves the access settings: the mode, and in bastion mode the admin CIDRs that may reach SSH, the SSH key and the
// instance type.
import sshpk from 'sshpk';
import { INSTANCE_TYPE_PATTERN } from '../aws-rules';
import { isDocumentationRange, isWholeInternet, parseCidr, type Cidr } from '../cidr';
import type { ProblemList } from '../errors';
import type { AccessConfig, BastionConfig, SshKeyConfig } from '../resolved';
import { AccessMode, type AccessSettings, type SshKeySettings } from '../settings';

export const DEFAULT_BASTION_INSTANCE_TYPE = 't3.micro';
/** The widest admin block accepted: a /16 is already a whole organisation's range. */
export const MAX_ADMIN_PREFIX_LENGTH = 16;
/** What a malformed admin block most likely meant: one address, as a /32. */
const ADMIN_CIDR_HINT = { prefixLength: 32, example: 'a.b.c.d/32 (your own public IPv4 address)' };

/** A public key whose comment says this is shipped as an example, to be replaced before a real deploy. */
export const EXAMPLE_KEY_COMMENT = 'replace-me@example';

export function resolveAccess(settings: AccessSettings, problems: ProblemList): AccessConfig {
  const mode = settings.mode ?? AccessMode.BASTION;
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
  const instanceType = settings.instanceType ?? DEFAULT_BASTION_INSTANCE_TYPE;
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

/** A key as an error shows it: the key pair's name, or the start of the public key. */
export function describeKey(key: SshKeySettings): string {
  return 'existingKeyPairName' in key ? key.existingKeyPairName : abbreviate(key.publicKey);
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

/** An SSH key as EC2 takes it, checked: the bastion's (`access.sshKey`) or the app instances' (`app.sshKey`). */
export function resolveSshKey(settings: SshKeySettings, problems: ProblemList): SshKeyConfig {
  if ('existingKeyPairName' in settings) {
    const name = settings.existingKeyPairName;
    if (name.length > 255 || !/^[\x20-\x7e]+$/.test(name)) {
      problems.add(
        'existingKeyPairName',
        name,
        'EC2 key pair names are 1 to 255 printable ASCII characters. Fix: use the name shown in the EC2 console under Key pairs.',
      );
    }
    return { kind: 'existing', keyPairName: name };
  }
  const publicKey = settings.publicKey.trim();
  const problem = publicKeyProblem(publicKey);
  if (problem) problems.add('publicKey', abbreviate(publicKey), problem);
  else if (sshpk.parseKey(publicKey, 'ssh').comment === EXAMPLE_KEY_COMMENT) {
    problems.warn(
      'publicKey',
      abbreviate(publicKey),
      'is the example key shipped with the project: nobody holds its private half. Set your own public key before deploying.',
    );
  }
  return { kind: 'public-key', publicKey };
}

/** What is wrong with an SSH public key for EC2, or undefined when it is usable. */
export function publicKeyProblem(publicKey: string): string | undefined {
  if (/PRIVATE KEY/.test(publicKey)) {
    return 'is a PRIVATE key, which must never be in configuration. Fix: treat it as leaked, make a new key pair, and set its public half (the .pub file).';
  }
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(publicKey, 'ssh');
  } catch {
    return 'is not an OpenSSH public key. Fix: paste the whole line of your .pub file, e.g. "ssh-ed25519 AAAAC3Nza... you@laptop" (make one with `ssh-keygen -t ed25519`).';
  }
  if (key.type === 'ed25519') return undefined;
  if (key.type === 'rsa') {
    return key.size >= 2048
      ? undefined
      : `is an RSA key of ${key.size} bits, too weak. Fix: use ssh-ed25519, or RSA of 2048 bits or more.`;
  }
  // The algorithm as the .pub file names it (ecdsa-sha2-nistp256, ssh-dss) is what the user recognises.
  const algorithm = publicKey.split(/\s+/)[0];
  const type = key.type.toUpperCase();
  return `is ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} key (${algorithm}), which EC2 does not import: it takes ED25519 and RSA keys only. Fix: make an ED25519 key (\`ssh-keygen -t ed25519\`) and set its .pub line, or use RSA of 2048 bits or more.`;
}

function abbreviate(publicKey: string): string {
  return publicKey.length > 48 ? `${publicKey.slice(0, 40)}...` : publicKey;
}
