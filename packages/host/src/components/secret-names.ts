/** Config names that start with `SECRET` are secret references, not config (1.x `SECRET_PREFIX`). */
export const SECRET_PREFIX = 'SECRET';

export function isSecretReference(name: string): boolean {
  return name.startsWith(SECRET_PREFIX);
}
