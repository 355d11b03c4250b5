import { createContext, useContext } from 'react';

export type Role = 'bureau_admin' | 'department_staff' | 'reviewer' | 'school';
export interface Me {
  accountId: string;
  bureauId: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  schoolId: string | null;
  roleLabel: { zh: string; en: string };
}

export const MeContext = createContext<Me | null>(null);
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}
