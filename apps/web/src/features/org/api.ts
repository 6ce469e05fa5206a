import type { OrgUnit } from '@lecture-hall/shared';
import type { OrgUnitKind } from '@lecture-hall/shared/domain/org';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const orgKeys = {
  all: ['org-units'] as const,
  list: (includeArchived: boolean) => ['org-units', { includeArchived }] as const,
};

export function useOrgUnits(includeArchived = false) {
  return useQuery({
    queryKey: orgKeys.list(includeArchived),
    queryFn: ({ signal }) => api.get<{ items: OrgUnit[] }>('/api/org-units', { includeArchived }, signal).then((r) => r.items),
    staleTime: 60_000,
  });
}

/** Every unit change can alter the tree, the counts and the roster's unit names. */
function useInvalidateOrg() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: orgKeys.all }), qc.invalidateQueries({ queryKey: ['people'] })]);
}

export function useCreateUnit() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: (body: { parentId: string; name: string; kind: Exclude<OrgUnitKind, 'city'> }) => api.post<OrgUnit>('/api/org-units', body),
    onSuccess: invalidate,
  });
}

export function useRenameUnit() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => api.patch<OrgUnit>(`/api/org-units/${encodeURIComponent(id)}`, { name }),
    onSuccess: invalidate,
  });
}

export function useMoveUnit() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, newParentId }: { id: string; newParentId: string }) =>
      api.post<OrgUnit>(`/api/org-units/${encodeURIComponent(id)}/move`, { newParentId }),
    onSuccess: invalidate,
  });
}

export function useArchiveUnit() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, archive }: { id: string; archive: boolean }) =>
      api.post<OrgUnit>(`/api/org-units/${encodeURIComponent(id)}/${archive ? 'archive' : 'restore'}`),
    onSuccess: invalidate,
  });
}
