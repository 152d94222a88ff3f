// Buckets carry lifecycle.prevent_destroy, so Terraform refuses any plan that would destroy them.
import type { PolicyRule } from '../../rule';
import { block, isTrue } from '../values';

export const s3PreventDestroy: PolicyRule = {
  id: 'S3-PREVENT-DESTROY',
  title: 'S3 buckets have lifecycle { prevent_destroy = true }',
  publicIds: {},
  appliesTo: ['aws_s3_bucket'],
  check(resource) {
    if (isTrue(block(resource.config.lifecycle)?.prevent_destroy)) return undefined;
    return 'can be destroyed by a terraform plan (lifecycle.prevent_destroy is not true), taking its objects with it. Fix: set lifecycle { prevent_destroy = true } on the bucket (in CDKTF: lifecycle: { preventDestroy: true }).';
  },
};
