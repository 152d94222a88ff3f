// Components group a stack's resources for the reader; Terraform addresses stay named after each resource's own ID.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { environments } from '../../src/config/environments';
import { resolveEnvironment } from '../../src/config/resolve';
import { Component } from '../../src/constructs/component';
import { StateStack } from '../../src/stacks/state/state-stack';

class Logs extends Component {
  constructor(scope: Construct, id: string, groups: string[]) {
    super(scope, id);
    for (const group of groups) new CloudwatchLogGroup(this, group, { name: `/test/${group}` });
  }
}

function stack(): StateStack {
  return new StateStack(Testing.app(), { environment: resolveEnvironment('dev', environments.dev).context });
}

describe('a component', () => {
  it('leaves the addresses of its resources as if they sat in the stack, also when nested', () => {
    const state = stack();
    new Logs(new Logs(state, 'Outer', ['First']), 'Inner', ['Second']);
    const groups = JSON.parse(Testing.synth(state)).resource.aws_cloudwatch_log_group as Record<string, unknown>;
    expect(Object.keys(groups).sort()).toEqual(['First', 'Second']);
  });

  it('refuses two resources with one ID in a stack, which would otherwise merge into one address', () => {
    const state = stack();
    new Logs(state, 'A', ['Same']);
    new Logs(state, 'B', ['Same']);
    expect(() => Testing.synth(state)).toThrow(
      /two resources named Same in dev-state: dev-state\/A\/Same and dev-state\/B\/Same/,
    );
  });
});
