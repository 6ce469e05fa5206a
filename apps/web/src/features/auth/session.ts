import type { Me } from '@lecture-hall/shared';
import type { Role } from '@lecture-hall/shared/domain/roles';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, isApiError, setCsrfToken } from '../../api/client';

export const ME_KEY = ['me'] as const;

/** The current user, or null when nobody is logged in (the probe answers 401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false, meta: { silent: true } });
}

/** The roles the user holds anywhere; the menu and the buttons follow them. */
export function rolesOf(me: Pick<Me, 'grants'> | null | undefined): Set<Role> {
  return new Set((me?.grants ?? []).map((g) => g.role));
}

export function useRoles(): Set<Role> {
  const { data } = useMe();
  return useMemo(() => rolesOf(data), [data]);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api.post<Me>('/api/auth/login', body),
    meta: { silent: true },
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout'),
    meta: { silent: true },
    // Whatever the server says, this browser is logged out.
    onSettled: () => {
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, null);
    },
  });
}
