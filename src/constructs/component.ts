// A component groups the resources of one responsibility inside a stack (the load balancer with its listeners, the
// instance fleet with its role): the stacks compose components, and a component resolves nothing itself.
import { Construct } from 'constructs';
import type { EnvironmentContext } from '../config/resolved';
import { EnvironmentStack } from '../stacks/environment-stack';

/**
 * A grouping that is invisible to Terraform: the resources of a component keep addresses named after their own IDs
 * (`aws_lb.LoadBalancer`, not `aws_lb.AppLoadBalancer_LoadBalancer_1A2B3C4D`; see EnvironmentStack), so moving a
 * resource into or out of a component never replaces it. Their IDs must therefore be unique in the stack.
 */
export abstract class Component extends Construct {
  /** The stack the component is in: its environment and resource naming. */
  protected readonly stack: EnvironmentStack;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.stack = EnvironmentStack.containing(this);
  }

  protected get environment(): EnvironmentContext {
    return this.stack.environment;
  }

  /** `<project>-<env>-<suffix>`, as the stack names its resources. */
  protected resourceName(suffix: string): string {
    return this.stack.resourceName(suffix);
  }

  static isComponent(construct: unknown): construct is Component {
    return construct instanceof Component;
  }
}
