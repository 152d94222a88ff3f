// The enums more than one section decides by: what an environment is for, and where it is in its life.

/** What an environment is for. It picks safe defaults and decides which mistakes are errors. */
export enum EnvironmentKind {
  /** Real users and real data: HTTPS required, database protected from deletion, one NAT gateway per AZ. */
  PRODUCTION = 'production',
  /** Cheap and disposable: HTTP allowed without a certificate, single NAT gateway, single-AZ database. */
  DEVELOPMENT = 'development',
}

/** Where an environment is in its life. */
export enum EnvironmentLifecycle {
  /** In use: every protection of its kind is on. */
  ACTIVE = 'active',
  /**
   * Being taken down on purpose: set in a reviewed commit and deployed just before `cdktf destroy`. The database
   * loses its deletion protection and `prevent_destroy` but still leaves a final snapshot when it goes; the load
   * balancer loses its deletion protection; the access-log bucket may be deleted with its logs. Nothing else
   * changes, and the state bucket stays (docs/operations.md "Destroy").
   */
  DECOMMISSIONING = 'decommissioning',
}

/** A default that differs by kind: its value in production and in development. */
export type ByKind<T> = Readonly<Record<EnvironmentKind, T>>;
