// EBS volumes are encrypted at rest: standalone volumes, instance and launch configuration block devices, launch templates.
import type { PolicyRule } from '../../rule';
import type { EnvironmentJson, ResourceView } from '../../terraform-json';
import { block, blocks, isTrue, launchedOnlyByInstances } from '../values';

/** As checkov's CKV_AWS_8: every (non-ephemeral) block device is encrypted or made from a snapshot; a root device is declared. */
function instanceProblems(resource: ResourceView): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(resource.config)) {
    if (!key.endsWith('block_device') || key.startsWith('ephemeral')) continue;
    blocks(value).forEach((device, index) => {
      if (!isTrue(device.encrypted) && !device.snapshot_id) problems.push(`${key}[${index}] is not encrypted`);
    });
  }
  if (!block(resource.config.root_block_device)) {
    problems.push(
      'no root_block_device, so the root volume is encrypted only if the AMI snapshot or the account default is',
    );
  }
  return problems;
}

function launchTemplateProblems(resource: ResourceView, env: EnvironmentJson): string[] {
  const mappings = blocks(resource.config.block_device_mappings);
  const ebs = mappings.map((mapping) => block(mapping.ebs)).filter((volume) => volume !== undefined);
  if (ebs.length === 0) {
    // Instances launched from it declare their own volumes, and are checked themselves.
    if (launchedOnlyByInstances(env, resource)) return [];
    return [
      'no block_device_mappings with ebs, so the root volume is encrypted only if the AMI snapshot or the account default is',
    ];
  }
  return mappings.flatMap((mapping, index) => {
    const volume = block(mapping.ebs);
    return volume && !isTrue(volume.encrypted) && !volume.snapshot_id
      ? [`block_device_mappings[${index}].ebs is not encrypted`]
      : [];
  });
}

export const ebsEncrypted: PolicyRule = {
  id: 'EBS-ENCRYPTED',
  title:
    'EBS volumes are encrypted: aws_ebs_volume encrypted, instance / launch configuration block devices, launch template block_device_mappings',
  publicIds: { checkov: ['CKV_AWS_3', 'CKV_AWS_8'], cdkNag: ['AwsSolutions-EC26'], fsbp: ['EC2.3'] },
  appliesTo: ['aws_ebs_volume', 'aws_instance', 'aws_launch_configuration', 'aws_launch_template'],
  check(resource, { env }) {
    if (resource.type === 'aws_ebs_volume') {
      if (isTrue(resource.config.encrypted)) return undefined;
      return 'is not encrypted (encrypted is not true). Fix: set encrypted = true (and kms_key_id for a key of your own); an existing volume must be replaced from an encrypted snapshot.';
    }
    const problems =
      resource.type === 'aws_launch_template' ? launchTemplateProblems(resource, env) : instanceProblems(resource);
    if (problems.length === 0) return undefined;
    const fix =
      resource.type === 'aws_launch_template'
        ? 'Fix: declare the root device in block_device_mappings with ebs { encrypted = true }, and set encrypted = true on every ebs block.'
        : 'Fix: declare root_block_device { encrypted = true } and set encrypted = true on every ebs_block_device.';
    return `has unencrypted EBS storage: ${problems.join('; ')}. ${fix}`;
  },
};
