// An SSH public key, as the bastion (`access.sshKey`) and the app instances (`app.sshKey`) take it: its input type,
// schema, resolved type and checks, shared by the two sections.
import sshpk from 'sshpk';
import * as z from 'zod/mini';
import type { ProblemList } from '../errors';
import { type InSync, nonEmpty } from '../schema-helpers';

/** An SSH public key (the bastion's, or the app instances'): the key material, or the name of a key pair that already exists. */
export type SshKeySettings =
  /**
   * An OpenSSH public key, the line of a .pub file: `ssh-ed25519 AAAA…`, or `ssh-rsa AAAA…` of 2048 bits or more.
   * EC2 imports these two types only, so ECDSA (`ecdsa-sha2-nistp256 AAAA…`) and DSA keys are refused.
   */
  | { readonly publicKey: string }
  /** The name of an EC2 key pair already in the environment's region. */
  | { readonly existingKeyPairName: string };

export const sshKeySchema = z.union(
  [z.strictObject({ publicKey: z.string() }), z.strictObject({ existingKeyPairName: nonEmpty })],
  {
    error: 'must be { publicKey: "ssh-ed25519 AAAA..." } or { existingKeyPairName: "name" }. Fix: set one of them.',
  },
);
true satisfies InSync<SshKeySettings, typeof sshKeySchema>;

export type SshKeyConfig =
  | { readonly kind: 'public-key'; readonly publicKey: string }
  | { readonly kind: 'existing'; readonly keyPairName: string };

/** A public key whose comment says this is shipped as an example, to be replaced before a real deploy. */
export const EXAMPLE_KEY_COMMENT = 'replace-me@example';

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

/** A key as an error shows it: the key pair's name, or the start of the public key. */
export function describeKey(key: SshKeySettings): string {
  return 'existingKeyPairName' in key ? key.existingKeyPairName : abbreviate(key.publicKey);
}

function abbreviate(publicKey: string): string {
  return publicKey.length > 48 ? `${publicKey.slice(0, 40)}...` : publicKey;
}
