/** A dependency /readyz asks before saying the service can take traffic. */
export interface ReadinessProbe {
  readonly name: string;
  /** Resolves when the dependency answers; rejects otherwise. */
  check(): Promise<void>;
}
