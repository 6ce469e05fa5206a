import type { Person, User } from '@lecture-hall/shared';
import type { Role } from '@lecture-hall/shared/domain/roles';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page } from '../people/api';

export interface UserWithPassword {
  user: User;
  initialPassword: string;
}

export const userKeys = {
  all: ['users'] as const,
  list: (q: string, page: number, pageSize: number) => ['users', 'list', q, page, pageSize] as const,
};

const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export function useUsers(q: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: userKeys.list(q, page, pageSize),
    queryFn: ({ signal }) => api.get<Page<User>>('/api/users', { q, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/** Roster people for the "link person" picker, searched by name. */
export function usePersonSearch(q: string) {
  return useQuery({
    queryKey: ['people', 'search', q],
    queryFn: ({ signal }) => api.get<Page<Person>>('/api/people', { q, page: 1, pageSize: 20 }, signal).then((r) => r.items),
    staleTime: 30_000,
  });
}

function useUserMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }) });
}

export const useCreateUser = () =>
  useUserMutation((body: { username: string; displayName: string; personId: string | null }) => api.post<UserWithPassword>('/api/users', body));

export const useUpdateUser = () =>
  useUserMutation(({ id, ...body }: { id: string; displayName?: string; personId?: string | null; disabled?: boolean }) => api.patch<User>(userPath(id), body));

export const useResetPassword = () => useUserMutation((id: string) => api.post<UserWithPassword>(`${userPath(id)}/reset-password`));

export const useAddGrant = () =>
  useUserMutation(({ id, role, orgUnitId }: { id: string; role: Role; orgUnitId: string }) => api.post<User>(`${userPath(id)}/grants`, { role, orgUnitId }));

export const useRemoveGrant = () =>
  useUserMutation(({ id, grantId }: { id: string; grantId: string }) => api.del<User>(`${userPath(id)}/grants/${encodeURIComponent(grantId)}`));
