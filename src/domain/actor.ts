export type Role = 'admin' | 'member';

/** Who is calling a use case: the JWT subject and its role. */
export interface Actor {
  readonly sub: string;
  readonly role: Role;
}
