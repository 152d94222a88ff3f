// Auto Scaling groups carry tags, for ownership and cost, and can pass them on to the instances they launch.
import type { PolicyRule } from '../../rule';
import { blocks } from '../values';

export const asgTags: PolicyRule = {
  id: 'ASG-TAGS',
  title: 'Auto Scaling groups have tags (tag blocks)',
  publicIds: { checkov: ['CKV_AWS_153'] },
  appliesTo: ['aws_autoscaling_group'],
  check(group) {
    // `tags` is the attribute's pre-5.0 spelling, which checkov also accepts.
    if (blocks(group.config.tag).length > 0 || blocks(group.config.tags).length > 0) return undefined;
    return 'has no tags (no tag blocks). Fix: add tag { key = "Name", value = ..., propagate_at_launch = true } blocks for at least the name and owner.';
  },
};
