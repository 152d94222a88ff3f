// The configuration layer: settings as users write them, their checks, and the resolved result stacks are built from.
export * from './settings';
export * from './resolved';
export * from './errors';
export { environments } from './environments';
export { loadEnvironments, resolveEnvironment } from './resolve';
