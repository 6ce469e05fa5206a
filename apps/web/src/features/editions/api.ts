import type { Edition, Talk } from '@lecture-hall/shared';
import type { AggregationRule, EditionStatus, Rubric, TalkAngle } from '@lecture-hall/shared/domain/programme';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page } from '../people/api';

export interface EditionFilters {
  hallId?: string;
  status?: EditionStatus;
  from?: string;
  to?: string;
}

export const editionKeys = {
  all: ['editions'] as const,
  list: (filters: EditionFilters, page: number, pageSize: number) => ['editions', 'list', filters, page, pageSize] as const,
  one: (id: string) => ['editions', 'one', id] as const,
  talks: (id: string) => ['editions', 'talks', id] as const,
};

const editionPath = (id: string) => `/api/editions/${encodeURIComponent(id)}`;

export function useEditions(filters: EditionFilters, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: editionKeys.list(filters, page, pageSize),
    queryFn: ({ signal }) => api.get<Page<Edition>>('/api/editions', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEdition(id: string | undefined) {
  return useQuery({
    queryKey: editionKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Edition>(editionPath(id ?? ''), undefined, signal),
    enabled: !!id,
  });
}

export interface EditionBody {
  title: string;
  theme: string;
  stageId: string | null;
  date: string;
  startTime: string;
  endTime: string;
  venue: string;
  speakerCount: number;
  unitQuota: number | null;
  audienceWeightPct?: number;
  aggregation?: AggregationRule;
  rubric?: Rubric;
}

/** Everything an edition change can alter: lists, the detail, the hall's edition count. */
function useInvalidateEditions() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: editionKeys.all }), qc.invalidateQueries({ queryKey: ['halls'] })]);
}

export function useSaveEdition() {
  const invalidate = useInvalidateEditions();
  return useMutation({
    mutationFn: ({ id, hallId, body }: { id: string | null; hallId: string; body: EditionBody }) =>
      id ? api.patch<Edition>(editionPath(id), body) : api.post<Edition>(`/api/halls/${encodeURIComponent(hallId)}/editions`, body),
    onSuccess: invalidate,
  });
}

export function useTransitionEdition(id: string) {
  const invalidate = useInvalidateEditions();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (to: EditionStatus) => api.post<Edition>(`${editionPath(id)}/transition`, { to }),
    meta: { silent: true }, // the detail page shows a refusal with its reasons
    onSuccess: () => Promise.all([invalidate(), qc.invalidateQueries({ queryKey: ['nominations'] })]),
  });
}

export function useTalks(editionId: string | undefined) {
  return useQuery({
    queryKey: editionKeys.talks(editionId ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: Talk[] }>(`${editionPath(editionId ?? '')}/talks`, undefined, signal).then((r) => [...r.items].sort((a, b) => a.order - b.order)),
    enabled: !!editionId,
  });
}

export function useUpdateTalk() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: { title?: string; abstract?: string; angle?: TalkAngle } }) =>
      api.patch<Talk>(`/api/talks/${encodeURIComponent(id)}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['editions', 'talks'] }),
  });
}
