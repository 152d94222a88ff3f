// Resolves the bastion settings: the admin CIDRs that may reach SSH, the SSH key and the instance type.
import sshpk from 'sshpk';
import { INSTANCE_TYPE_PATTERN } from '../aws-rules';
import { isDocumentationRange, isWholeInternet, parseCidr } from '../cidr';
import type { ProblemList } from '../errors';
import type { AccessConfig, SshKeyConfig } from '../resolved';
import type { AccessSettings, SshKeySettings } from '../settings';

export const DEFAULT_BASTION_INSTANCE_TYPE = 't3.micro';

/** A public key whose comment says this is shipped as an example, to be replaced before a real deploy. */
export const EXAMPLE_KEY_COMMENT = 'replace-me@example';

export function resolveAccess(settings: AccessSettings, problems: ProblemList): AccessConfig {
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  settings.adminCidrs.forEach((value, index) => {
    const setting = `adminCidrs.${index}`;
    const cidr = parseCidr(value, 'any');
    if (typeof cidr === 'string') {
      problems.add(setting, value, `${cidr.replace(/\.$/, '')} (the bastion's SSH is opened to these blocks only).`);
      return;
    }
    if (isWholeInternet(cidr)) {
      problems.add(
        setting,
        value,
        'opens the bastion\'s SSH to the whole internet. Fix: list only the administrators\' own public addresses, e.g. "198.51.100.7/32" (see `curl https://checkip.amazonaws.com`).',
      );
      return;
    }
    if (isDocumentationRange(cidr)) {
      problems.warn(setting, value, 'is a documentation range (RFC 5737/3849), an example value: nobody can reach the bastion from it. Set your own address before deploying.');
    }
    (cidr.version === 4 ? ipv4 : ipv6).push(cidr.text);
  });
  const duplicates = [...ipv4, ...ipv6].filter((text, index, all) => all.indexOf(text) !== index);
  if (duplicates.length > 0) {
    problems.add('adminCidrs', settings.adminCidrs, `lists ${duplicates.join(', ')} more than once (AWS refuses duplicate rules). Fix: list each block once.`);
  }
  const instanceType = settings.instanceType ?? DEFAULT_BASTION_INSTANCE_TYPE;
  if (!INSTANCE_TYPE_PATTERN.test(instanceType)) {
    problems.add('instanceType', instanceType, 'is not an EC2 instance type. Fix: use a type such as "t3.micro".');
  }
  return {
    adminIpv4Cidrs: ipv4,
    adminIpv6Cidrs: ipv6,
    sshKey: resolveSshKey(settings.sshKey, problems.section('sshKey')),
    instanceType,
  };
}

function resolveSshKey(settings: SshKeySettings, problems: ProblemList): SshKeyConfig {
  if ('existingKeyPairName' in settings) {
    const name = settings.existingKeyPairName;
    if (name.length > 255 || !/^[\x20-\x7e]+$/.test(name)) {
      problems.add('existingKeyPairName', name, 'EC2 key pair names are 1 to 255 printable ASCII characters. Fix: use the name shown in the EC2 console under Key pairs.');
    }
    return { kind: 'existing', keyPairName: name };
  }
  const publicKey = settings.publicKey.trim();
  const problem = publicKeyProblem(publicKey);
  if (problem) problems.add('publicKey', abbreviate(publicKey), problem);
  else if (sshpk.parseKey(publicKey, 'ssh').comment === EXAMPLE_KEY_COMMENT) {
    problems.warn('publicKey', abbreviate(publicKey), 'is the example key shipped with the project: nobody holds its private half. Set your own public key before deploying.');
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
    return key.size >= 2048 ? undefined : `is an RSA key of ${key.size} bits, too weak. Fix: use ssh-ed25519, or RSA of 2048 bits or more.`;
  }
  return `is a ${key.type} key, which EC2 does not import. Fix: use an ssh-ed25519 key (\`ssh-keygen -t ed25519\`), or RSA of 2048 bits or more.`;
}

function abbreviate(publicKey: string): string {
  return publicKey.length > 48 ? `${publicKey.slice(0, 40)}...` : publicKey;
}
