import { createContext, useContext } from 'react';
import type { Actor } from '../../domain/access';
import type { LocalizedText } from '../../domain/templates';

export type { Role } from '../../domain/access';

/** Who is signed in, as GET /auth/me answers it: the API's actor (domain/access.ts) with the role's name. */
export type Me = Actor & { roleLabel: LocalizedText };

export const MeContext = createContext<Me | null>(null);
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}
